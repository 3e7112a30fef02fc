// SPDX-License-Identifier: Apache-2.0

// Command cgocallback is the real-Go side of schedfuzz: the program that the
// model's shape describes (struct sf_shape in runtime/runtime.h), run on a
// private Go 1.19 runtime per ordering by scripts/realgo.
//
// It has the shape of the runtime's TracebackContextPreemption test
// (golang/go#47441): goroutines call C, C calls an exported Go function
// back, and that function does some fmt.Sprintf work, while a
// SetCgoTraceback context function gives each callback a context, which
// cgocallbackg1 pushes and pops with a deferred call.  Each flag is one
// field of the shape, and each step of the model has its function here:
//
//	model site      here
//	gofunc          the prologue of worker
//	lockosthread    runtime.LockOSThread around each call (the first -locked workers)
//	cgocall         the cgo wrapper _Cfunc_sf_call
//	context         the C export wrapper calls sf_context_zero or _nonzero
//	cgoexp, userfn  the _cgoexp_ wrapper of SfCallback, and SfCallback
//	sprintf         fmt.Sprintf in SfCallback; with -nest > 1 the callback then
//	                calls C again, which calls back one level deeper
//	unlockosthread  runtime.UnlockOSThread after each call
//	cthread         -cthreads C-created threads call SfCallback (extra Ms)
//	goexit          worker's deferred wg.Done
//	lockexit        the last -lockexit workers LockOSThread first and exit locked
//	gopanic, Goexit the innermost callback of an -unwind worker's last call
//	                panics (or, with -goexit 1, calls runtime.Goexit)
//	recover         that worker's deferred recover
//
// Its start-up is the model's (runtime/program.c): the C threads start
// before the Go runtime does (a C constructor, cgocallback.c), so their
// first callbacks wait in the export wrapper for runtime init and then in
// cgocallbackg1 for main_init_done; the program's init installs the
// context function and adds every goroutine and C thread to the
// WaitGroup, so no C thread's wg.Done can come before the Add; main.main
// starts the goroutines, waits, and prints OK.
//
// It prints OK and exits 0 when every callback returned.  The failures
// scripts/realgo counts are the runtime's own: the "m changed unexpectedly
// in cgocallbackg" throw, or a return to C on a foreign stack (SIGSEGV).
// When SCHEDFUZZ_SCHEDULE gives the runtime's schedule hook requests
// (realgo/hook), it also reports on stderr how many of them were made.
package main

/*
#cgo CFLAGS: -O2 -Wall
#cgo LDFLAGS: -lpthread
#include "cgocallback.h"
*/
import "C"

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"unsafe"
)

var (
	goroutines = flag.Int("goroutines", 10, "Go-created goroutines calling C")
	calls      = flag.Int("calls", 100000, "C->Go callbacks per goroutine and per C thread")
	cthreads   = flag.Int("cthreads", 0, "C-created threads calling the export")
	gomaxprocs = flag.Int("gomaxprocs", 2, "runtime.GOMAXPROCS")
	locked     = flag.Int("locked", 0, "the first N goroutines LockOSThread around each call")
	nest       = flag.Int("nest", 1, "1: C->Go; 2: C->Go->C->Go; ...")
	context    = flag.String("context", "nonzero", "context function: none (not installed), zero (leaves 0), nonzero (turns 0 into 1)")
	lockexit   = flag.Int("lockexit", 0, "the last N goroutines LockOSThread first and exit still locked")
	unwind     = flag.Int("unwind", 0, "the first N goroutines' last call panics in its innermost callback, recovered in the goroutine")
	goexit     = flag.Int("goexit", 0, "1: the -unwind callbacks call runtime.Goexit instead of panicking")
	check      = flag.Bool("check", false, "check the flags and exit")
)

var (
	wg       sync.WaitGroup
	maxlevel int // *nest, read by every callback
)

// The schedule hook's counters (realgo/hook/schedfuzz_hook.go).
//
//go:linkname hookRequests runtime.schedfuzzRequests
var hookRequests uint32

//go:linkname hookMade runtime.schedfuzzMade
var hookMade uint32

func usage(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "cgocallback: "+format+"\n", args...)
	flag.Usage()
	os.Exit(2)
}

// init is the program's package init, run by runtime.main before it
// closes main_init_done: the flags, then what the model's init step does.
func init() {
	flag.Parse()
	switch {
	case flag.NArg() != 0:
		usage("unexpected argument %q", flag.Arg(0))
	case *goroutines < 0 || *goroutines > 10000:
		usage("-goroutines wants 0 to 10000, not %d", *goroutines)
	case *calls < 1 || *calls > 1e9:
		usage("-calls wants 1 to 1e9, not %d", *calls)
	case *cthreads < 0 || *cthreads > 64:
		usage("-cthreads wants 0 to 64, not %d", *cthreads)
	case *gomaxprocs < 1 || *gomaxprocs > 256:
		usage("-gomaxprocs wants 1 to 256, not %d", *gomaxprocs)
	case *locked < 0 || *locked > *goroutines:
		usage("-locked wants 0 to -goroutines (%d), not %d", *goroutines, *locked)
	case *lockexit < 0 || *lockexit > *goroutines:
		usage("-lockexit wants 0 to -goroutines (%d), not %d", *goroutines, *lockexit)
	case *unwind < 0 || *unwind > *goroutines:
		usage("-unwind wants 0 to -goroutines (%d), not %d", *goroutines, *unwind)
	case *goexit != 0 && *goexit != 1:
		usage("-goexit wants 0 or 1, not %d", *goexit)
	case *nest < 1 || *nest > 8:
		usage("-nest wants 1 to 8, not %d", *nest)
	case *goroutines+*cthreads == 0:
		usage("no goroutines and no C threads: nothing calls back")
	case *context != "none" && *context != "zero" && *context != "nonzero":
		usage("-context wants none, zero or nonzero, not %q", *context)
	}
	// The C constructor read the same command line before Go started.
	switch n := int(C.sf_cthreads_started()); {
	case n < 0:
		fmt.Fprintln(os.Stderr, "cgocallback: pthread_create failed")
		os.Exit(2)
	case n != *cthreads:
		fmt.Fprintf(os.Stderr, "cgocallback: %d C threads started before Go, but -cthreads is %d\n", n, *cthreads)
		os.Exit(2)
	}
	if *check {
		os.Exit(0)
	}
	runtime.GOMAXPROCS(*gomaxprocs)
	maxlevel = *nest
	switch *context {
	case "none":
	case "zero":
		runtime.SetCgoTraceback(0, unsafe.Pointer(C.sf_traceback), unsafe.Pointer(C.sf_context_zero), nil)
	case "nonzero":
		runtime.SetCgoTraceback(0, unsafe.Pointer(C.sf_traceback), unsafe.Pointer(C.sf_context_nonzero), nil)
	}
	wg.Add(*goroutines + *cthreads)
}

func main() {
	for i := 0; i < *goroutines; i++ {
		go worker(i, i < *locked, i >= *goroutines-*lockexit, i < *unwind)
	}
	wg.Wait()
	if n := atomic.LoadUint32(&hookRequests); n > 0 {
		fmt.Fprintf(os.Stderr, "schedule: %d of %d preemption requests made\n", atomic.LoadUint32(&hookMade), n)
	}
	fmt.Println("OK")
}

func worker(id int, lock, lockexit, unwinder bool) {
	defer wg.Done()
	if lockexit {
		runtime.LockOSThread()
	}
	if unwinder {
		defer recoverUnwind()
	}
	for j := 0; j < *calls; j++ {
		if lock {
			runtime.LockOSThread()
		}
		last := 0
		if unwinder && j == *calls-1 {
			last = unwindCall
		}
		C.sf_call(C.int(id**calls+j), 1, C.int(last))
		if lock {
			runtime.UnlockOSThread()
		}
	}
}

// recoverUnwind is an -unwind worker's deferred recover: a named function,
// so that the deferred wg.Done's wrapper stays main.worker.func1.
func recoverUnwind() {
	recover()
}

// SfCallback's last argument: a C-created thread's last call (1), or an
// -unwind worker's last call, whose innermost callback unwinds (2).
const unwindCall = 2

// SfCallback is the exported function C calls: busy work, then (below the
// innermost level) one more C call that calls back.  A C-created thread's
// last callback reports it done, as soon as it runs Go code; an -unwind
// worker's last one panics or calls runtime.Goexit through the C frames.
//
//export SfCallback
func SfCallback(arg, level, last C.int) {
	_ = fmt.Sprintf("%d\n", arg)
	if int(level) < maxlevel {
		C.sf_call(arg, level+1, last)
	} else if last == unwindCall && *goexit == 1 {
		runtime.Goexit()
	} else if last == unwindCall {
		panic("unwind")
	} else if last != 0 {
		wg.Done()
	}
}
