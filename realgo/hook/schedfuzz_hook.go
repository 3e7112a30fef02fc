// SPDX-License-Identifier: Apache-2.0

// The schedfuzz schedule hook: added to the private copies of the Go 1.19
// runtime that scripts/realgo builds (never to the system's), so that a
// schedule found by the model can be replayed on the real runtime.
//
// A program built with
//
//	-gcflags=runtime=-d=maymorestack=runtime.schedfuzzHook
//
// (and the same for the packages of any other function named in the
// schedule) calls schedfuzzHook at the prologue of every splittable
// function, just before the stack check: where the model's preemption
// points are.  SCHEDFUZZ_SCHEDULE lists requests, "FUNC@N" separated by
// spaces: at the N-th (0-based) prologue of FUNC in the whole process, the
// hook does what sysmon's preemptone does (gp.preempt, stackguard0 =
// stackPreempt), so the stack check fails and newstack preempts the G if it
// can (gopreempt_m), as at a K_PREEMPT decision of the model.
//
// After morestack the prologue jumps back to its stack check, not to the
// hook (cmd/internal/obj/x86's stacksplit), so the rerun of a prologue whose
// check failed, when the G resumes, is not counted: N counts entries, as the
// model counts its decisions (a resumed prologue does not ask again).  Like
// mayMoreStackPreempt the hook does nothing on g0 or gsignal, and it must
// stay nosplit: it runs before the check.
//
// Without the variable, or in a program built without the flag, it is
// inert: the rest of the runtime is as shipped.

package runtime

import (
	"runtime/internal/atomic"
	"unsafe"
)

const schedfuzzMax = 16

type schedfuzzEntry struct {
	lo, hi uintptr // the function's text
	n      uint32  // the prologue to preempt at, 0-based
	fn     int     // index into schedfuzzCount: entries of one function share it
}

var (
	schedfuzzSched    [schedfuzzMax]schedfuzzEntry
	schedfuzzN        int
	schedfuzzCount    [schedfuzzMax]uint32 // prologues so far, per function
	schedfuzzNames    [schedfuzzMax]string
	schedfuzzNfn      int
	schedfuzzMade     uint32 // requests made so far (read by the test program)
	schedfuzzRequests uint32 // requests in the schedule
)

func init() {
	s := gogetenv("SCHEDFUZZ_SCHEDULE")
	for len(s) > 0 {
		i := 0
		for i < len(s) && s[i] != ' ' {
			i++
		}
		if i > 0 {
			schedfuzzAdd(s[:i])
		}
		for i < len(s) && s[i] == ' ' {
			i++
		}
		s = s[i:]
	}
	schedfuzzRequests = uint32(schedfuzzN)
}

func schedfuzzFail(msg, arg string) {
	print("schedfuzz: SCHEDFUZZ_SCHEDULE: ", msg, ": ", arg, "\n")
	exit(2)
}

// schedfuzzAdd parses one "FUNC@N" and finds FUNC's text.
func schedfuzzAdd(ent string) {
	at := -1
	for i := 0; i < len(ent); i++ {
		if ent[i] == '@' {
			at = i
		}
	}
	if at <= 0 {
		schedfuzzFail("want FUNC@N", ent)
	}
	n, ok := atoi(ent[at+1:])
	if !ok || n < 0 {
		schedfuzzFail("want FUNC@N with N a whole number", ent)
	}
	if schedfuzzN == schedfuzzMax {
		schedfuzzFail("more than 16 requests", ent)
	}
	name := ent[:at]
	fn := 0
	for fn < schedfuzzNfn && schedfuzzNames[fn] != name {
		fn++
	}
	e := &schedfuzzSched[schedfuzzN]
	for datap := &firstmoduledata; datap != nil && e.hi == 0; datap = datap.next {
		for i := 0; i+1 < len(datap.ftab); i++ {
			f := funcInfo{(*_func)(unsafe.Pointer(&datap.pclntable[datap.ftab[i].funcoff])), datap}
			if funcname(f) == name {
				e.lo = f.entry()
				e.hi = datap.textAddr(datap.ftab[i+1].entryoff)
				break
			}
		}
	}
	if e.hi == 0 {
		schedfuzzFail("no function of that name in this program", name)
	}
	if fn == schedfuzzNfn {
		schedfuzzNames[fn] = name
		schedfuzzNfn++
	}
	e.n = uint32(n)
	e.fn = fn
	schedfuzzN++
}

// The linkname makes the linker keep an ABI0 wrapper too: cgo's wrappers
// (ABI0) call the hook like any other function (as mayMoreStackPreempt).
//
//go:nosplit
//go:linkname schedfuzzHook
func schedfuzzHook() {
	gp := getg()
	if gp == gp.m.g0 || gp == gp.m.gsignal || schedfuzzN == 0 {
		return
	}
	pc := getcallerpc()
	fn := -1
	for i := 0; i < schedfuzzN && fn < 0; i++ {
		if e := &schedfuzzSched[i]; pc >= e.lo && pc < e.hi {
			fn = e.fn
		}
	}
	if fn < 0 {
		return
	}
	n := atomic.Xadd(&schedfuzzCount[fn], 1) - 1
	for i := 0; i < schedfuzzN; i++ {
		e := &schedfuzzSched[i]
		if e.fn != fn || e.n != n {
			continue
		}
		atomic.Xadd(&schedfuzzMade, 1)
		gp.preempt = true
		if gp.stackguard0 < stackPoisonMin {
			gp.stackguard0 = stackPreempt
		}
	}
}
