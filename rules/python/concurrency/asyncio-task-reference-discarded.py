import asyncio
from asyncio import create_task

background_tasks = set()


async def handle_order(order):
    await save(order)
    # ruleid: asyncio-task-reference-discarded
    asyncio.create_task(send_receipt(order))
    # ruleid: asyncio-task-reference-discarded
    asyncio.ensure_future(update_stats(order))


async def on_startup(app):
    loop = asyncio.get_running_loop()
    # ruleid: asyncio-task-reference-discarded
    loop.create_task(refresh_cache_forever())
    # ruleid: asyncio-task-reference-discarded
    asyncio.get_running_loop().create_task(heartbeat())


class Cog:
    def __init__(self, bot):
        self.bot = bot
        # ruleid: asyncio-task-reference-discarded
        self.bot.loop.create_task(self.load_state())

    async def load_state(self):
        # ruleid: asyncio-task-reference-discarded
        create_task(heartbeat())


async def handle_order_kept(order):
    # ok: asyncio-task-reference-discarded
    task = asyncio.create_task(send_receipt(order))
    background_tasks.add(task)
    task.add_done_callback(background_tasks.discard)


async def fan_out(orders):
    async with asyncio.TaskGroup() as tg:
        for order in orders:
            # ok: asyncio-task-reference-discarded
            tg.create_task(send_receipt(order))


async def gather_all(orders):
    # ok: asyncio-task-reference-discarded
    tasks = [asyncio.create_task(send_receipt(o)) for o in orders]
    # ok: asyncio-task-reference-discarded
    await asyncio.create_task(heartbeat())
    return await asyncio.gather(*tasks)


async def save(order):
    return order


async def send_receipt(order):
    return order


async def update_stats(order):
    return order


async def refresh_cache_forever():
    while True:
        await asyncio.sleep(60)


async def heartbeat():
    return None
