"""The outbox's one task of its own: several tasks sent as one message (``core.outbox.enqueue_together``)."""

import time
import uuid

from celery import current_app, shared_task
from celery.app.trace import build_tracer

# Past this many seconds the rest of a batch is queued one task each, so the task running then (at
# most an email's timeout) still ends inside the time limit the whole batch shares.
BATCH_SECONDS = 10


@shared_task(bind=True, acks_late=True)
def outbox_batch_run(self, entries: list) -> int:
    """Run each ``[task name, args]`` here, in turn, as a worker runs a task it has been sent.

    Each is traced as a task of its own (``celery.app.trace``, what a worker uses): its retries are
    its own, published with its own countdown, its failure is logged as its own and never stops the
    others, and the task signals are sent for it. Every outbox task is safe to run twice, so a
    batch delivered again after a lost worker only finds its work done. Returns how many ran here.
    """
    started = time.monotonic()
    for position, (name, args) in enumerate(entries):
        task = current_app.tasks[name]
        if time.monotonic() - started > BATCH_SECONDS:
            for later_name, later_args in entries[position:]:
                current_app.tasks[later_name].apply_async(args=later_args)
            return position
        entry_id = str(uuid.uuid4())
        request = {
            "id": entry_id,
            "task": name,
            "args": args,
            "kwargs": {},
            "retries": 0,
            "is_eager": False,
            "hostname": self.request.hostname,
            "delivery_info": self.request.delivery_info,
            "ignore_result": task.ignore_result,
        }
        build_tracer(name, task, app=current_app, hostname=self.request.hostname)(entry_id, args, {}, request)
    return len(entries)
