-- What an imported billing period says about its price-comparison costs and what it warned:
-- FOCUS ListCost and ContractedCost per billing currency, [{"amount": "12.50" | null,
-- "currency": "USD", "unknownRows": 3}], where amount sums the rows that state the value (null
-- when none does) and unknownRows counts those a provider left empty; never a silent 0.
-- warnings: [{"column": "ContractedCost", "provider": "Oracle", "rows": 3}].
-- Empty for plain cost files and for periods imported before this.
ALTER TABLE cost_imports
  ADD COLUMN list_totals jsonb NOT NULL DEFAULT '[]',
  ADD COLUMN contracted_totals jsonb NOT NULL DEFAULT '[]',
  ADD COLUMN warnings jsonb NOT NULL DEFAULT '[]';
