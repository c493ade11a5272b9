"""The showcase's program (Python, componentize-py): fills a basket kept by
the C component, prices each line with the Go component and prints the
receipt the JavaScript component renders."""
from componentize_py_types import Err
from wit_world import exports
from wit_world.imports import cart, pricing, receipt

ORDER = [("apple", 3, 45), ("bread", 1, 320), ("tea", 0, 199), ("egg", 12, 30)]


class Run(exports.Run):
    def run(self) -> None:
        basket = cart.Basket()
        for name, qty, cents in ORDER:
            try:
                count = basket.add(cart.Item(name, qty, cents))
                print(f"added {name}: {count} line(s)")
            except Err as e:
                print(f"refused {name}: {e.value}")
        lines = [receipt.Line(i.name, i.qty, pricing.line_total(i.qty, i.cents))
                 for i in basket.items()]
        print(receipt.render(lines, sum(line.total for line in lines)), end="")
