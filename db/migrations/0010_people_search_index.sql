-- People in ticket search (lib/tickets/search.ts): participants' names and emails and company names get FTS5
-- indexes like customers' (0002_search_index.sql), so a person's name or address, or their company's name, finds the
-- tickets they are on. External content, kept in step by triggers; 'rebuild' indexes an existing database.
CREATE VIRTUAL TABLE `participant_fts` USING fts5(name, email, content='participants', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
--> statement-breakpoint
CREATE VIRTUAL TABLE `company_fts` USING fts5(name, content='companies', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
--> statement-breakpoint
CREATE TRIGGER `participants_fts_insert` AFTER INSERT ON `participants` BEGIN
  INSERT INTO `participant_fts` (rowid, name, email) VALUES (new.id, new.name, new.email);
END;
--> statement-breakpoint
CREATE TRIGGER `participants_fts_delete` AFTER DELETE ON `participants` BEGIN
  INSERT INTO `participant_fts` (`participant_fts`, rowid, name, email) VALUES ('delete', old.id, old.name, old.email);
END;
--> statement-breakpoint
CREATE TRIGGER `participants_fts_update` AFTER UPDATE OF name, email ON `participants` BEGIN
  INSERT INTO `participant_fts` (`participant_fts`, rowid, name, email) VALUES ('delete', old.id, old.name, old.email);
  INSERT INTO `participant_fts` (rowid, name, email) VALUES (new.id, new.name, new.email);
END;
--> statement-breakpoint
CREATE TRIGGER `companies_fts_insert` AFTER INSERT ON `companies` BEGIN
  INSERT INTO `company_fts` (rowid, name) VALUES (new.id, new.name);
END;
--> statement-breakpoint
CREATE TRIGGER `companies_fts_delete` AFTER DELETE ON `companies` BEGIN
  INSERT INTO `company_fts` (`company_fts`, rowid, name) VALUES ('delete', old.id, old.name);
END;
--> statement-breakpoint
CREATE TRIGGER `companies_fts_update` AFTER UPDATE OF name ON `companies` BEGIN
  INSERT INTO `company_fts` (`company_fts`, rowid, name) VALUES ('delete', old.id, old.name);
  INSERT INTO `company_fts` (rowid, name) VALUES (new.id, new.name);
END;
--> statement-breakpoint
INSERT INTO `participant_fts` (`participant_fts`) VALUES ('rebuild');
--> statement-breakpoint
INSERT INTO `company_fts` (`company_fts`) VALUES ('rebuild');
