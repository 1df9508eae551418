package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/pprof"
)

// startProfile writes a CPU profile of the whole command to the file named
// by CONCIERGE_CPUPROFILE, when set (for `go tool pprof`; the scale
// benchmark's figures come from such runs). It returns the function that
// stops it.
func startProfile(errOut io.Writer) func() {
	path := os.Getenv("CONCIERGE_CPUPROFILE")
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err != nil {
		fmt.Fprintf(errOut, "indexer: CPU profile not written: %v\n", err)
		return func() {}
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		fmt.Fprintf(errOut, "indexer: CPU profile not written: %v\n", err)
		f.Close()
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}
}

// writeHeapProfile writes the live heap at the end of the command to the
// file named by CONCIERGE_MEMPROFILE, when set.
func writeHeapProfile(errOut io.Writer) {
	path := os.Getenv("CONCIERGE_MEMPROFILE")
	if path == "" {
		return
	}
	runtime.GC()
	f, err := os.Create(path)
	if err == nil {
		err = errors.Join(pprof.WriteHeapProfile(f), f.Close())
	}
	if err != nil {
		fmt.Fprintf(errOut, "indexer: heap profile not written: %v\n", err)
	}
}
