-- Customer links issued before this migration were signed with the ticket's link version: keep them working.
UPDATE `tickets` SET `customer_link_version` = `link_version`;
