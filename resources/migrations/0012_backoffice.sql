-- Back office: reviews, the summary tables the reports read, the figures
-- the recommendations read, and what the orders and customers pages filter
-- on. docs/reports.md, docs/reviews.md and docs/orders.md explain the rules.

-- The shop's day an order's sale and a refund count on (YYYY-MM-DD, the
-- shop's local date when the payment completed). Reports group by it and
-- `storekeeper check` recomputes every summary row from the lines with it.
ALTER TABLE orders ADD COLUMN business_day %TEXT%;
ALTER TABLE refunds ADD COLUMN business_day %TEXT%;
-- The product's category when it was sold: a later move to another
-- category does not rewrite past figures.
ALTER TABLE order_items ADD COLUMN category_id %BIGINT%;
-- A duplicate customer merged into another keeps its row (for the audit
-- trail), switched off and pointing at the customer it became.
ALTER TABLE users ADD COLUMN merged_into_id %BIGINT% REFERENCES users (id);

CREATE INDEX orders_business_day ON orders (business_day, id);
CREATE INDEX orders_channel ON orders (channel, created_at);
CREATE INDEX orders_clerk ON orders (clerk_id, created_at);
CREATE INDEX orders_total ON orders (total_cents, id);
CREATE INDEX refunds_business_day ON refunds (business_day, id);

-- Reviews, as in the original schema: one per product, customer and order;
-- verified when that order holds the product. Only approved reviews count
-- in products.average_rating and products.review_count.
CREATE TABLE reviews (
    id %ID%,
    product_id %BIGINT% NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    customer_id %BIGINT% NOT NULL REFERENCES users (id),
    order_id %BIGINT% NOT NULL REFERENCES orders (id),
    rating INTEGER NOT NULL CHECK (rating >= 1 AND rating <= 5),
    title %TEXT% NOT NULL DEFAULT '',
    body %TEXT% NOT NULL DEFAULT '',
    is_verified %BOOL% NOT NULL DEFAULT 0,
    status %TEXT% NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected', 'hidden')),
    moderated_by %BIGINT% REFERENCES users (id),
    moderated_at %TIMESTAMP%,
    moderation_note %TEXT% NOT NULL DEFAULT '',
    vendor_reply %TEXT% NOT NULL DEFAULT '',
    replied_by %BIGINT% REFERENCES users (id),
    replied_at %TIMESTAMP%,
    created_at %TIMESTAMP% NOT NULL,
    updated_at %TIMESTAMP% NOT NULL
);
CREATE UNIQUE INDEX reviews_once ON reviews (product_id, customer_id, order_id);
CREATE INDEX reviews_product ON reviews (product_id, status, created_at);
CREATE INDEX reviews_status ON reviews (status, created_at);
CREATE INDEX reviews_customer ON reviews (customer_id);

-- Summary tables, kept by the write path in the same transaction as the
-- sale or refund (services/reports/ReportLedger). A sale adds to the row of
-- its business day; a refund adds to the refund columns of its own day.
-- net = subtotal - discount (before tax); *_cents in the shop's currency.
-- Key 0 stands for "none" (no category, no vendor, no clerk: online).
CREATE TABLE report_day (
    day %TEXT% NOT NULL,
    channel %TEXT% NOT NULL,
    orders %BIGINT% NOT NULL DEFAULT 0,
    units %BIGINT% NOT NULL DEFAULT 0,
    subtotal_cents %BIGINT% NOT NULL DEFAULT 0,
    discount_cents %BIGINT% NOT NULL DEFAULT 0,
    tax_cents %BIGINT% NOT NULL DEFAULT 0,
    shipping_cents %BIGINT% NOT NULL DEFAULT 0,
    total_cents %BIGINT% NOT NULL DEFAULT 0,
    refunds %BIGINT% NOT NULL DEFAULT 0,
    refunded_units %BIGINT% NOT NULL DEFAULT 0,
    refund_cents %BIGINT% NOT NULL DEFAULT 0,
    refund_tax_cents %BIGINT% NOT NULL DEFAULT 0,
    PRIMARY KEY (day, channel)
);
CREATE TABLE report_category_day (
    day %TEXT% NOT NULL,
    category_id %BIGINT% NOT NULL,
    units %BIGINT% NOT NULL DEFAULT 0,
    net_cents %BIGINT% NOT NULL DEFAULT 0,
    discount_cents %BIGINT% NOT NULL DEFAULT 0,
    tax_cents %BIGINT% NOT NULL DEFAULT 0,
    refunded_units %BIGINT% NOT NULL DEFAULT 0,
    refund_cents %BIGINT% NOT NULL DEFAULT 0,
    refund_tax_cents %BIGINT% NOT NULL DEFAULT 0,
    PRIMARY KEY (day, category_id)
);
CREATE TABLE report_vendor_day (
    day %TEXT% NOT NULL,
    vendor_id %BIGINT% NOT NULL,
    units %BIGINT% NOT NULL DEFAULT 0,
    net_cents %BIGINT% NOT NULL DEFAULT 0,
    discount_cents %BIGINT% NOT NULL DEFAULT 0,
    tax_cents %BIGINT% NOT NULL DEFAULT 0,
    refunded_units %BIGINT% NOT NULL DEFAULT 0,
    refund_cents %BIGINT% NOT NULL DEFAULT 0,
    refund_tax_cents %BIGINT% NOT NULL DEFAULT 0,
    PRIMARY KEY (day, vendor_id)
);
-- With the sale's category and vendor, so a vendor's own figures by
-- category and product come from this table alone.
CREATE TABLE report_product_day (
    day %TEXT% NOT NULL,
    product_id %BIGINT% NOT NULL,
    category_id %BIGINT% NOT NULL,
    vendor_id %BIGINT% NOT NULL,
    units %BIGINT% NOT NULL DEFAULT 0,
    net_cents %BIGINT% NOT NULL DEFAULT 0,
    discount_cents %BIGINT% NOT NULL DEFAULT 0,
    tax_cents %BIGINT% NOT NULL DEFAULT 0,
    refunded_units %BIGINT% NOT NULL DEFAULT 0,
    refund_cents %BIGINT% NOT NULL DEFAULT 0,
    refund_tax_cents %BIGINT% NOT NULL DEFAULT 0,
    PRIMARY KEY (day, product_id, category_id, vendor_id)
);
CREATE INDEX report_product_day_vendor ON report_product_day (vendor_id, day);
CREATE TABLE report_clerk_day (
    day %TEXT% NOT NULL,
    clerk_id %BIGINT% NOT NULL,
    orders %BIGINT% NOT NULL DEFAULT 0,
    units %BIGINT% NOT NULL DEFAULT 0,
    net_cents %BIGINT% NOT NULL DEFAULT 0,
    discount_cents %BIGINT% NOT NULL DEFAULT 0,
    tax_cents %BIGINT% NOT NULL DEFAULT 0,
    total_cents %BIGINT% NOT NULL DEFAULT 0,
    refunds %BIGINT% NOT NULL DEFAULT 0,
    refund_cents %BIGINT% NOT NULL DEFAULT 0,
    PRIMARY KEY (day, clerk_id)
);
CREATE TABLE report_tender_day (
    day %TEXT% NOT NULL,
    tender %TEXT% NOT NULL,
    payments %BIGINT% NOT NULL DEFAULT 0,
    amount_cents %BIGINT% NOT NULL DEFAULT 0,
    refunds %BIGINT% NOT NULL DEFAULT 0,
    refund_cents %BIGINT% NOT NULL DEFAULT 0,
    PRIMARY KEY (day, tender)
);
-- report_product_day added up by calendar month ('YYYY-MM'), kept by the
-- same upserts, so a long range reads whole months here and only its
-- partial months at the edges from the day table.
CREATE TABLE report_product_month (
    month %TEXT% NOT NULL,
    product_id %BIGINT% NOT NULL,
    category_id %BIGINT% NOT NULL,
    vendor_id %BIGINT% NOT NULL,
    units %BIGINT% NOT NULL DEFAULT 0,
    net_cents %BIGINT% NOT NULL DEFAULT 0,
    discount_cents %BIGINT% NOT NULL DEFAULT 0,
    tax_cents %BIGINT% NOT NULL DEFAULT 0,
    refunded_units %BIGINT% NOT NULL DEFAULT 0,
    refund_cents %BIGINT% NOT NULL DEFAULT 0,
    refund_tax_cents %BIGINT% NOT NULL DEFAULT 0,
    PRIMARY KEY (month, product_id, category_id, vendor_id)
);
CREATE INDEX report_product_month_vendor ON report_product_month (vendor_id, month);

-- Recommendations (services/recommendations), kept by the same write path:
-- how many orders held both products (both directions, so one index range
-- answers "often bought with X"), and each product's units sold.
CREATE TABLE product_pairs (
    product_id %BIGINT% NOT NULL,
    other_id %BIGINT% NOT NULL,
    orders %BIGINT% NOT NULL DEFAULT 0,
    PRIMARY KEY (product_id, other_id)
);
CREATE INDEX product_pairs_top ON product_pairs (product_id, orders);
CREATE TABLE product_sales (
    product_id %BIGINT% NOT NULL PRIMARY KEY,
    category_id %BIGINT% NOT NULL DEFAULT 0,
    units %BIGINT% NOT NULL DEFAULT 0,
    orders %BIGINT% NOT NULL DEFAULT 0
);
CREATE INDEX product_sales_category ON product_sales (category_id, units);
