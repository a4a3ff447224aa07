-- Every converted cost keeps what it was converted from and with: the amount as billed and the
-- exchange rate as published (1 fx_base = fx_rate fx_quote, of fx_date, from fx_source), so the
-- import summary, the monthly report and the proof of use can name the rate of every figure.
-- All null for a cost billed in the tenant currency (and for records booked before this).
ALTER TABLE cost_records
  ADD COLUMN original_amount numeric(38, 9),
  ADD COLUMN original_currency char(3),
  ADD COLUMN fx_base char(3),
  ADD COLUMN fx_quote char(3),
  ADD COLUMN fx_rate numeric CHECK (fx_rate > 0),
  ADD COLUMN fx_date text CHECK (fx_date ~ '^\d{4}-\d{2}-\d{2}$'),
  ADD COLUMN fx_source text,
  ADD CONSTRAINT cost_records_fx_complete CHECK (
    (original_amount IS NULL AND original_currency IS NULL AND fx_base IS NULL AND fx_quote IS NULL
      AND fx_rate IS NULL AND fx_date IS NULL AND fx_source IS NULL)
    OR (original_amount IS NOT NULL AND original_currency IS NOT NULL AND fx_base IS NOT NULL
      AND fx_quote IS NOT NULL AND fx_rate IS NOT NULL AND fx_date IS NOT NULL AND fx_source IS NOT NULL)
  );
