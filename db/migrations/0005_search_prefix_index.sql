-- The subject and reply indexes again, now with prefix='3': a ready list for every 3-letter start of a word, so the
-- shortest prefix search (lib/search.ts) reads one list instead of merging those of every word that starts that way.
-- The triggers of the search-index migration name these tables and keep working; 'rebuild' refills them.
DROP TABLE `ticket_subject_fts`;
--> statement-breakpoint
CREATE VIRTUAL TABLE `ticket_subject_fts` USING fts5(subject, content='tickets', content_rowid='id', tokenize='unicode61 remove_diacritics 2', prefix='3');
--> statement-breakpoint
INSERT INTO `ticket_subject_fts` (`ticket_subject_fts`) VALUES ('rebuild');
--> statement-breakpoint
DROP TABLE `reply_fts`;
--> statement-breakpoint
CREATE VIRTUAL TABLE `reply_fts` USING fts5(body, content='replies', content_rowid='id', tokenize='unicode61 remove_diacritics 2', prefix='3');
--> statement-breakpoint
INSERT INTO `reply_fts` (`reply_fts`) VALUES ('rebuild');
