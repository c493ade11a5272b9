"""The app: its async `run` calls each of the provider's functions, writing
the stream from a spawned task while the provider reads it."""
import componentize_py_async_support
import wit_world
from wit_world.imports import words


class WitWorld(wit_world.WitWorld):
    async def run(self) -> str:
        got = await words.upper("hello from python")
        tx, rx = wit_world.u32_stream()

        async def send():
            with tx:
                await tx.write_all([1, 2, 3, 4])

        componentize_py_async_support.spawn(send())
        total = await words.total(rx)
        with await words.later("p3") as fut:
            msg = await fut.read()
        return f"{got} total={total} {msg}"
