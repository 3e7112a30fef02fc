module schedfuzz/realgo/cgocallback

go 1.19
