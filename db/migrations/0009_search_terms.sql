-- The words the reply index holds, for lib/search.ts to turn a typed word start into the few words it begins (read
-- lazily, newest first) instead of an FTS5 prefix query that merges every matching document first. fts5vocab reads
-- reply_fts's own index: there is nothing to fill or keep in step.
CREATE VIRTUAL TABLE `reply_fts_terms` USING fts5vocab('reply_fts', 'row');
