-- Shipping given back. Cancelling a paid online order refunds its shipping
-- with the goods; the shipping is on no refund line, so the refund that
-- carries the cancellation's lines carries it here, and the reports count
-- it with the refunds (docs/reports.md). Returns of delivered goods keep
-- the shipping: 0.
ALTER TABLE refunds ADD COLUMN shipping_cents %BIGINT% NOT NULL DEFAULT 0 CHECK (shipping_cents >= 0);
ALTER TABLE report_day ADD COLUMN refund_shipping_cents %BIGINT% NOT NULL DEFAULT 0;
ALTER TABLE report_clerk_day ADD COLUMN refund_shipping_cents %BIGINT% NOT NULL DEFAULT 0;

-- Orders cancelled before: what was given back beyond the lines, at most the
-- order's shipping, on the refund that holds the lines.
UPDATE refunds SET shipping_cents = (
    SELECT CASE
        WHEN o.refunded_cents - (SELECT COALESCE(SUM(rl.amount_cents), 0) FROM refund_lines rl
                                 JOIN refunds r2 ON r2.id = rl.refund_id WHERE r2.order_id = o.id) > o.shipping_cents
            THEN o.shipping_cents
        WHEN o.refunded_cents - (SELECT COALESCE(SUM(rl.amount_cents), 0) FROM refund_lines rl
                                 JOIN refunds r2 ON r2.id = rl.refund_id WHERE r2.order_id = o.id) > 0
            THEN o.refunded_cents - (SELECT COALESCE(SUM(rl.amount_cents), 0) FROM refund_lines rl
                                     JOIN refunds r2 ON r2.id = rl.refund_id WHERE r2.order_id = o.id)
        ELSE 0 END
    FROM orders o WHERE o.id = refunds.order_id)
WHERE id IN (SELECT MAX(r.id) FROM refunds r JOIN orders o ON o.id = r.order_id
             WHERE o.shipping_cents > 0 AND o.status IN ('cancelled', 'refunded')
               AND EXISTS (SELECT 1 FROM refund_lines rl WHERE rl.refund_id = r.id)
             GROUP BY r.order_id);

UPDATE report_day SET refund_shipping_cents = (
    SELECT COALESCE(SUM(r.shipping_cents), 0) FROM refunds r JOIN orders o ON o.id = r.order_id
    WHERE r.business_day = report_day.day AND o.channel = report_day.channel AND o.business_day IS NOT NULL)
WHERE (day, channel) IN (SELECT r.business_day, o.channel FROM refunds r JOIN orders o ON o.id = r.order_id
                         WHERE r.shipping_cents > 0 AND r.business_day IS NOT NULL);

UPDATE report_clerk_day SET refund_shipping_cents = (
    SELECT COALESCE(SUM(r.shipping_cents), 0) FROM refunds r JOIN orders o ON o.id = r.order_id
    WHERE r.business_day = report_clerk_day.day AND COALESCE(o.clerk_id, 0) = report_clerk_day.clerk_id
      AND o.business_day IS NOT NULL)
WHERE (day, clerk_id) IN (SELECT r.business_day, COALESCE(o.clerk_id, 0) FROM refunds r
                          JOIN orders o ON o.id = r.order_id
                          WHERE r.shipping_cents > 0 AND r.business_day IS NOT NULL);
