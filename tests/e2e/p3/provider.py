"""The provider of demo:p3/words: async functions, one reading a stream the
caller writes, one returning a future it fills after returning (spawned, so
the task outlives the call)."""
import componentize_py_async_support
from componentize_py_async_support.streams import StreamReader
from componentize_py_async_support.futures import FutureReader
import wit_world
from wit_world import exports


class Words(exports.Words):
    async def upper(self, s: str) -> str:
        return s.upper() + "!"

    async def total(self, xs: StreamReader[int]) -> int:
        sum_ = 0
        with xs:
            while True:
                got = await xs.read(16)
                if not got:
                    break
                sum_ += sum(got)
        return sum_

    async def later(self, s: str) -> FutureReader[str]:
        tx, rx = wit_world.string_future(lambda: "")

        async def fill():
            with tx:
                await tx.write("later: " + s)

        componentize_py_async_support.spawn(fill())
        return rx
