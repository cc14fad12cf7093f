-- The row seam counts inserted messages per batch: messages::insert_rows, the one way
-- messages are inserted, runs schema/seam.rs's batch_insert statements over the rows it
-- inserted. The row trigger cost a batched append as much as the insert itself. The
-- counters are unchanged (they were right), so no recount.
DROP TRIGGER messages_seam_insert;
