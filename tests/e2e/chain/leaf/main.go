// The Go leaf: a Preview 1 reactor (GOOS=wasip1, -buildmode=c-shared) whose
// export follows the canonical ABI by name; `wcomp embed` adds the world and
// an adapter turns its WASI Preview 1 calls into Preview 2 imports.
package main

import (
	"fmt"
	"os"
)

//go:wasmexport demo:chain/pricing@0.1.0#line-total
func lineTotal(qty uint32, cents uint32) uint64 {
	total := uint64(qty) * uint64(cents)
	if qty >= 10 {
		total = total * 9 / 10
	}
	fmt.Fprintf(os.Stderr, "go priced %d x %d\n", qty, cents)
	return total
}

func main() {}
