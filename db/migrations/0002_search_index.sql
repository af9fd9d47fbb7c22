-- Full-text search (lib/search.ts): FTS5 indexes over ticket subjects, reply bodies (notes included: agents search
-- them; customers never search) and customer names and emails. External-content tables, so no text is stored twice;
-- the triggers keep them in step with every insert, update and delete, and 'rebuild' fills them from the rows an
-- existing database already holds.
CREATE VIRTUAL TABLE `ticket_subject_fts` USING fts5(subject, content='tickets', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
--> statement-breakpoint
CREATE VIRTUAL TABLE `reply_fts` USING fts5(body, content='replies', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
--> statement-breakpoint
CREATE VIRTUAL TABLE `customer_fts` USING fts5(name, email, content='customers', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
--> statement-breakpoint
CREATE TRIGGER `tickets_fts_insert` AFTER INSERT ON `tickets` BEGIN
  INSERT INTO `ticket_subject_fts` (rowid, subject) VALUES (new.id, new.subject);
END;
--> statement-breakpoint
CREATE TRIGGER `tickets_fts_delete` AFTER DELETE ON `tickets` BEGIN
  INSERT INTO `ticket_subject_fts` (`ticket_subject_fts`, rowid, subject) VALUES ('delete', old.id, old.subject);
END;
--> statement-breakpoint
CREATE TRIGGER `tickets_fts_update` AFTER UPDATE OF subject ON `tickets` BEGIN
  INSERT INTO `ticket_subject_fts` (`ticket_subject_fts`, rowid, subject) VALUES ('delete', old.id, old.subject);
  INSERT INTO `ticket_subject_fts` (rowid, subject) VALUES (new.id, new.subject);
END;
--> statement-breakpoint
CREATE TRIGGER `replies_fts_insert` AFTER INSERT ON `replies` BEGIN
  INSERT INTO `reply_fts` (rowid, body) VALUES (new.id, new.body);
END;
--> statement-breakpoint
CREATE TRIGGER `replies_fts_delete` AFTER DELETE ON `replies` BEGIN
  INSERT INTO `reply_fts` (`reply_fts`, rowid, body) VALUES ('delete', old.id, old.body);
END;
--> statement-breakpoint
CREATE TRIGGER `replies_fts_update` AFTER UPDATE OF body ON `replies` BEGIN
  INSERT INTO `reply_fts` (`reply_fts`, rowid, body) VALUES ('delete', old.id, old.body);
  INSERT INTO `reply_fts` (rowid, body) VALUES (new.id, new.body);
END;
--> statement-breakpoint
CREATE TRIGGER `customers_fts_insert` AFTER INSERT ON `customers` BEGIN
  INSERT INTO `customer_fts` (rowid, name, email) VALUES (new.id, new.name, new.email);
END;
--> statement-breakpoint
CREATE TRIGGER `customers_fts_delete` AFTER DELETE ON `customers` BEGIN
  INSERT INTO `customer_fts` (`customer_fts`, rowid, name, email) VALUES ('delete', old.id, old.name, old.email);
END;
--> statement-breakpoint
CREATE TRIGGER `customers_fts_update` AFTER UPDATE OF name, email ON `customers` BEGIN
  INSERT INTO `customer_fts` (`customer_fts`, rowid, name, email) VALUES ('delete', old.id, old.name, old.email);
  INSERT INTO `customer_fts` (rowid, name, email) VALUES (new.id, new.name, new.email);
END;
--> statement-breakpoint
INSERT INTO `ticket_subject_fts` (`ticket_subject_fts`) VALUES ('rebuild');
--> statement-breakpoint
INSERT INTO `reply_fts` (`reply_fts`) VALUES ('rebuild');
--> statement-breakpoint
INSERT INTO `customer_fts` (`customer_fts`) VALUES ('rebuild');
