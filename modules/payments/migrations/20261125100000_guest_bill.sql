-- Guests at a table ask for the bill from their phones (issue 8 point 1): the request is kept on
-- the table's check (asking again updates it) with the table's number as the guest's QR code
-- named it, so the POS lists who is waiting without asking the floor module.
ALTER TABLE payments.checks
  ADD COLUMN table_number text,
  ADD COLUMN bill_requested_at timestamptz,
  ADD COLUMN bill_request_method text CHECK (bill_request_method IN ('cash', 'card', 'online')),
  ADD COLUMN bill_request_tip bigint CHECK (bill_request_tip >= 0),
  ADD CONSTRAINT checks_bill_request CHECK ((bill_requested_at IS NULL) = (bill_request_method IS NULL));

-- The POS's "asked for the bill" list: open checks with a request, oldest request first.
CREATE INDEX checks_bill_requested ON payments.checks (tenant_id, bill_requested_at)
  WHERE status = 'open' AND bill_requested_at IS NOT NULL;
