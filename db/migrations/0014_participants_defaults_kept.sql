-- Participants and "Copy participants" are on by default from this release. An install that already exists (it has
-- agents) keeps what it had: where it never stored a value, the old default (off) is written, so nothing flips.
-- A new install runs this on an empty database and gets the new defaults.
INSERT OR IGNORE INTO `settings` (`key`, `value`) SELECT 'participantsEnabled', 'false' WHERE EXISTS (SELECT 1 FROM `agents`);--> statement-breakpoint
INSERT OR IGNORE INTO `settings` (`key`, `value`) SELECT 'copyParticipants', 'false' WHERE EXISTS (SELECT 1 FROM `agents`);--> statement-breakpoint
-- Replies posted before this release through someone else's link: the audit entry recorded whose link it was.
UPDATE `replies` SET
  `via_kind` = (SELECT json_extract(a.`detail`, '$.via.kind') FROM `audit_log` a WHERE a.`action` = 'reply.added' AND json_extract(a.`detail`, '$.replyId') = `replies`.`id` LIMIT 1),
  `via_id` = (SELECT json_extract(a.`detail`, '$.via.id') FROM `audit_log` a WHERE a.`action` = 'reply.added' AND json_extract(a.`detail`, '$.replyId') = `replies`.`id` LIMIT 1),
  `via_email` = (SELECT json_extract(a.`detail`, '$.via.email') FROM `audit_log` a WHERE a.`action` = 'reply.added' AND json_extract(a.`detail`, '$.replyId') = `replies`.`id` LIMIT 1)
WHERE `source` = 'web' AND `author_kind` <> 'agent' AND EXISTS (
  SELECT 1 FROM `audit_log` a WHERE a.`action` = 'reply.added' AND json_extract(a.`detail`, '$.replyId') = `replies`.`id`
    AND json_extract(a.`detail`, '$.via.email') IS NOT NULL AND lower(json_extract(a.`detail`, '$.via.email')) <> lower(`replies`.`author_email`)
);--> statement-breakpoint
UPDATE `replies` SET `via_name` = COALESCE(
  CASE `via_kind`
    WHEN 'participant' THEN (SELECT p.`name` FROM `participants` p WHERE p.`id` = `replies`.`via_id`)
    ELSE (SELECT c.`name` FROM `customers` c WHERE c.`id` = `replies`.`via_id`)
  END, `via_email`)
WHERE `via_kind` IS NOT NULL;
