"""The Python step: adds 8% tax to the price the next component computes
(imported and exported under the same interface name)."""
import sys

from wit_world import exports
from wit_world.imports import pricing


class Pricing(exports.Pricing):
    def line_total(self, qty: int, cents: int) -> int:
        net = pricing.line_total(qty, cents)
        print(f"python taxed {net}", file=sys.stderr)
        return net + net * 8 // 100
