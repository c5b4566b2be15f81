-- The data scripts/bench-sales measures the sales area on, added to a database that has the demo
-- logins (ids 1–5) and 40 sales reps (ids 6–45): 1,000,000 customers, a second pipeline,
-- 100,000 open deals expected over the next eighteen months (and some overdue), 30,000 deals won
-- or lost in the past year, 200,000 leads over two years (a third converted), and 1,000,000
-- interactions by the reps. The forecast's running totals are kept by the triggers as rows go in.
PRAGMA journal_mode = WAL;
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000)
INSERT INTO customers (kind, name, phones, emails, stage, owner_id, tags, custom_fields, consent_email, consent_sms, consent_phone,
  consent_letter, search_key, version, created_at, updated_at)
SELECT 'organisation', 'شرکت نمونه ' || i, '[]', '[]', 'customer', 6 + i % 40, '[]', '{}', 0, 0, 0, 0, 'شرکت نمونه ' || i, 1,
  1700000000000, 1700000000000 FROM n;
INSERT INTO pipelines (name, position, created_at, updated_at) VALUES ('پروژه‌ها', 2, 0, 0);
INSERT INTO pipeline_stages (pipeline_id, name, position, probability) VALUES (2, 'مناقصه', 1, 20), (2, 'ارزیابی فنی', 2, 40),
  (2, 'مذاکرهٔ قیمت', 3, 70), (2, 'امضا', 4, 95);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 130000),
r AS (SELECT i, abs(random()) AS a, abs(random()) AS b, abs(random()) AS c FROM n)
INSERT INTO deals (pipeline_id, stage_id, status, title, customer_id, owner_id, currency, amount_minor, amount_base_minor, probability,
  expected_close_day, closed_at, stage_entered_at, created_at, updated_at)
SELECT CASE WHEN a % 10 < 7 THEN 1 ELSE 2 END,
  CASE WHEN a % 10 < 7 THEN 1 + b % 5 ELSE 6 + b % 4 END,
  CASE WHEN i <= 100000 THEN 'open' WHEN c % 3 = 0 THEN 'lost' ELSE 'won' END,
  'فرصت ' || i, 1 + a % 1000000, 6 + c % 40, 'IRR', 1000000 + c % 9000000000, 1000000 + c % 9000000000,
  CASE WHEN b % 5 = 0 THEN a % 101 END,
  CASE WHEN i <= 100000 THEN CAST(strftime('%s', 'now') AS INTEGER) / 86400 - 60 + c % 600 END,
  CASE WHEN i > 100000 THEN (CAST(strftime('%s', 'now') AS INTEGER) - b % 31536000) * 1000 END,
  1700000000000, 1700000000000, 1700000000000
FROM r;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200000),
r AS (SELECT i, abs(random()) AS a, abs(random()) AS b FROM n)
INSERT INTO leads (status, name, channel, source, owner_id, consent, name_key, deal_id, created_at, updated_at)
SELECT CASE WHEN a % 3 = 0 THEN 'converted' ELSE 'new' END, 'سرنخ ' || i,
  CASE b % 4 WHEN 0 THEN 'web-form' WHEN 1 THEN 'api' WHEN 2 THEN 'import' ELSE 'manual' END,
  CASE a % 8 WHEN 0 THEN 'نمایشگاه' WHEN 1 THEN 'Google' WHEN 2 THEN 'معرفی مشتری' WHEN 3 THEN 'Instagram' WHEN 4 THEN 'تماس ورودی'
    WHEN 5 THEN 'LinkedIn' WHEN 6 THEN 'وبینار' ELSE 'پیامک' END,
  6 + b % 40, 0, 'سرنخ ' || i, CASE WHEN a % 3 = 0 THEN 1 + b % 130000 END,
  (CAST(strftime('%s', 'now') AS INTEGER) - a % 63072000) * 1000, 1700000000000
FROM r;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000),
r AS (SELECT i, abs(random()) AS a, abs(random()) AS b FROM n)
INSERT INTO interactions (customer_id, kind, channel, direction, occurred_at, staff_id, created_at)
SELECT 1 + a % 1000000, CASE b % 5 WHEN 0 THEN 'call' WHEN 1 THEN 'email' WHEN 2 THEN 'meeting' WHEN 3 THEN 'sms' ELSE 'note' END,
  NULL, 'out', (CAST(strftime('%s', 'now') AS INTEGER) - a % 63072000) * 1000, 6 + b % 40, 1700000000000
FROM r;
COMMIT;
ANALYZE;
