-- Threads per worker: one worker process runs up to threads_per_worker chunks of its job at once,
-- each on its own thread (a "lane"), so I/O-bound jobs of high parallelism need fewer JVMs. The
-- job still runs at most parallelism chunks at once across all nodes; existing jobs keep one
-- chunk per worker.
ALTER TABLE jobs
    ADD COLUMN threads_per_worker INT NOT NULL DEFAULT 1 AFTER chunk_size;
