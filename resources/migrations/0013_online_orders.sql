-- Online orders (services/orders/OrderService, docs/orders.md). Their
-- numbers (W-000001, W-000002, ...) run without gaps: placing an order takes
-- the next one with one UPDATE ... RETURNING inside the order's transaction,
-- so an order that fails gives its number back.
CREATE TABLE order_number_sequences (
    channel %TEXT% PRIMARY KEY,
    next_number %BIGINT% NOT NULL DEFAULT 1 CHECK (next_number > 0)
);
INSERT INTO order_number_sequences (channel, next_number) VALUES ('online', 1);
