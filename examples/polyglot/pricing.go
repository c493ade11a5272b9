// The showcase's pricing (Go, GOOS=wasip1): a reactor whose one export has
// the canonical ABI's core name, so that `wcomp embed` + `wcomp adapt` make
// it a component exporting demo:shop/pricing.
package main

// lineTotal prices qty units of cents each, 10% off from ten units.
//
//go:wasmexport demo:shop/pricing@0.1.0#line-total
func lineTotal(qty uint32, cents uint32) uint64 {
	total := uint64(qty) * uint64(cents)
	if qty >= 10 {
		total -= total / 10
	}
	return total
}

func main() {}
