-- Sales: registers, carts, orders and their lines, payments, refunds and
-- shifts. docs/sales.md and docs/payments.md explain the rules the services
-- keep; the order status machine is the original platform's (docs/orders.md).
-- Amounts are minor units (*_cents) in the order's currency.

-- A till. Receipt numbers run without gaps per register: checkout takes the
-- next number with one UPDATE ... RETURNING inside the sale's transaction, so
-- a rolled-back sale gives its number back.
CREATE TABLE registers (
    id %ID%,
    code %TEXT% NOT NULL,
    name %TEXT% NOT NULL,
    location_id %BIGINT% NOT NULL REFERENCES locations (id),
    next_receipt_number %BIGINT% NOT NULL DEFAULT 1 CHECK (next_receipt_number > 0),
    is_active %BOOL% NOT NULL DEFAULT 1,
    created_at %TIMESTAMP% NOT NULL
);
CREATE UNIQUE INDEX registers_code ON registers (upper(code));
INSERT INTO registers (code, name, location_id, created_at)
    SELECT 'R1', 'Register 1', id, CURRENT_TIMESTAMP FROM locations WHERE upper(code) = 'STORE';

-- A shift: one open shift per register at a time. The running totals are
-- updated by every sale, refund and cash movement in the same transaction, so
-- an X or Z report reads one row (plus one per tender) however long the shift.
CREATE TABLE shifts (
    id %ID%,
    register_id %BIGINT% NOT NULL REFERENCES registers (id),
    status %TEXT% NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    currency %TEXT% NOT NULL,
    opened_by %BIGINT% NOT NULL REFERENCES users (id),
    opened_at %TIMESTAMP% NOT NULL,
    opening_float_cents %BIGINT% NOT NULL CHECK (opening_float_cents >= 0),
    sales_count %BIGINT% NOT NULL DEFAULT 0,
    sales_cents %BIGINT% NOT NULL DEFAULT 0,
    tax_cents %BIGINT% NOT NULL DEFAULT 0,
    discount_cents %BIGINT% NOT NULL DEFAULT 0,
    refunds_count %BIGINT% NOT NULL DEFAULT 0,
    refunds_cents %BIGINT% NOT NULL DEFAULT 0,
    refunded_tax_cents %BIGINT% NOT NULL DEFAULT 0,
    cash_in_cents %BIGINT% NOT NULL DEFAULT 0,
    cash_out_cents %BIGINT% NOT NULL DEFAULT 0,
    closed_by %BIGINT% REFERENCES users (id),
    closed_at %TIMESTAMP%,
    expected_cash_cents %BIGINT%,
    counted_cash_cents %BIGINT%,
    close_note %TEXT% NOT NULL DEFAULT '',
    z_report %TEXT%,
    CHECK ((status = 'open' AND closed_at IS NULL) OR (status = 'closed' AND closed_at IS NOT NULL))
);
CREATE UNIQUE INDEX shifts_open_per_register ON shifts (register_id) WHERE status = 'open';
CREATE INDEX shifts_register ON shifts (register_id, id);

-- Running totals per tender ('cash', 'card', ...): taken in and given back.
CREATE TABLE shift_tender_totals (
    shift_id %BIGINT% NOT NULL REFERENCES shifts (id),
    tender %TEXT% NOT NULL,
    payments_count %BIGINT% NOT NULL DEFAULT 0,
    taken_cents %BIGINT% NOT NULL DEFAULT 0,
    refunded_cents %BIGINT% NOT NULL DEFAULT 0,
    PRIMARY KEY (shift_id, tender)
);

CREATE TABLE shift_cash_movements (
    id %ID%,
    shift_id %BIGINT% NOT NULL REFERENCES shifts (id),
    kind %TEXT% NOT NULL CHECK (kind IN ('in', 'out')),
    amount_cents %BIGINT% NOT NULL CHECK (amount_cents > 0),
    reason %TEXT% NOT NULL,
    user_id %BIGINT% NOT NULL REFERENCES users (id),
    created_at %TIMESTAMP% NOT NULL
);
CREATE INDEX shift_cash_movements_shift ON shift_cash_movements (shift_id, id);

-- A cart: a register's current sale (register_id set) or an online
-- customer's cart (owner_user_id set). Parked carts keep their stock reserved
-- (reservations with reference 'cart'). Discounts: kind 'percent' (value in
-- basis points) or 'amount' (value in minor units).
CREATE TABLE carts (
    id %ID%,
    register_id %BIGINT% REFERENCES registers (id),
    owner_user_id %BIGINT% REFERENCES users (id) ON DELETE CASCADE,
    customer_id %BIGINT% REFERENCES users (id) ON DELETE SET NULL,
    status %TEXT% NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'parked', 'checked_out', 'voided')),
    label %TEXT% NOT NULL DEFAULT '',
    discount_kind %TEXT% CHECK (discount_kind IS NULL OR discount_kind IN ('percent', 'amount')),
    discount_value %BIGINT% CHECK (discount_value IS NULL OR discount_value >= 0),
    discount_reason %TEXT% NOT NULL DEFAULT '',
    discount_approved_by %BIGINT% REFERENCES users (id),
    order_id %BIGINT%,
    created_by %BIGINT% REFERENCES users (id),
    created_at %TIMESTAMP% NOT NULL,
    updated_at %TIMESTAMP% NOT NULL,
    parked_at %TIMESTAMP%,
    version INTEGER NOT NULL DEFAULT 0,
    CHECK (register_id IS NOT NULL OR owner_user_id IS NOT NULL)
);
CREATE INDEX carts_register ON carts (register_id, status, id);
CREATE INDEX carts_owner ON carts (owner_user_id, status);

-- unit_price_cents: the price when the item was added (the original's
-- cart_items.price); override_price_cents replaces it when a clerk with the
-- right overrides the price (reason required).
CREATE TABLE cart_items (
    id %ID%,
    cart_id %BIGINT% NOT NULL REFERENCES carts (id) ON DELETE CASCADE,
    product_id %BIGINT% NOT NULL REFERENCES products (id),
    variant_id %BIGINT% NOT NULL REFERENCES product_variants (id),
    quantity %BIGINT% NOT NULL CHECK (quantity > 0),
    unit_price_cents %BIGINT% NOT NULL CHECK (unit_price_cents >= 0),
    override_price_cents %BIGINT% CHECK (override_price_cents IS NULL OR override_price_cents >= 0),
    override_reason %TEXT% NOT NULL DEFAULT '',
    discount_kind %TEXT% CHECK (discount_kind IS NULL OR discount_kind IN ('percent', 'amount')),
    discount_value %BIGINT% CHECK (discount_value IS NULL OR discount_value >= 0),
    discount_reason %TEXT% NOT NULL DEFAULT '',
    approved_by %BIGINT% REFERENCES users (id),
    position INTEGER NOT NULL DEFAULT 0,
    added_at %TIMESTAMP% NOT NULL,
    UNIQUE (cart_id, variant_id)
);
CREATE INDEX cart_items_variant ON cart_items (variant_id);

-- Orders from both channels. In-store sales are paid and handed over at once
-- and are created 'delivered'; online orders start 'pending'. The total is
-- always subtotal - discount + tax + shipping; paid and refunded follow the
-- payments and refunds (IntegrityCheck verifies all three).
CREATE TABLE orders (
    id %ID%,
    order_number %TEXT% NOT NULL,
    channel %TEXT% NOT NULL CHECK (channel IN ('in_store', 'online')),
    status %TEXT% NOT NULL CHECK (status IN ('pending', 'confirmed', 'processing', 'shipped', 'delivered',
                                             'cancelled', 'refunded')),
    customer_id %BIGINT% REFERENCES users (id),
    clerk_id %BIGINT% REFERENCES users (id),
    register_id %BIGINT% REFERENCES registers (id),
    shift_id %BIGINT% REFERENCES shifts (id),
    location_id %BIGINT% NOT NULL REFERENCES locations (id),
    receipt_number %BIGINT%,
    currency %TEXT% NOT NULL,
    subtotal_cents %BIGINT% NOT NULL,
    discount_cents %BIGINT% NOT NULL DEFAULT 0 CHECK (discount_cents >= 0),
    tax_cents %BIGINT% NOT NULL,
    shipping_cents %BIGINT% NOT NULL DEFAULT 0 CHECK (shipping_cents >= 0),
    total_cents %BIGINT% NOT NULL CHECK (total_cents >= 0),
    paid_cents %BIGINT% NOT NULL DEFAULT 0,
    refunded_cents %BIGINT% NOT NULL DEFAULT 0 CHECK (refunded_cents >= 0),
    discount_reason %TEXT% NOT NULL DEFAULT '',
    shipping_address_id %BIGINT% REFERENCES addresses (id),
    billing_address_id %BIGINT% REFERENCES addresses (id),
    shipping_address %TEXT% NOT NULL DEFAULT '',
    tracking_carrier %TEXT% NOT NULL DEFAULT '',
    tracking_number %TEXT% NOT NULL DEFAULT '',
    note %TEXT% NOT NULL DEFAULT '',
    created_at %TIMESTAMP% NOT NULL,
    updated_at %TIMESTAMP% NOT NULL,
    CHECK (total_cents = subtotal_cents - discount_cents + tax_cents + shipping_cents),
    CHECK (refunded_cents <= paid_cents)
);
CREATE UNIQUE INDEX orders_number ON orders (order_number);
CREATE UNIQUE INDEX orders_receipt ON orders (register_id, receipt_number);
CREATE INDEX orders_created ON orders (created_at, id);
CREATE INDEX orders_status ON orders (status, created_at);
CREATE INDEX orders_customer ON orders (customer_id, created_at);
CREATE INDEX orders_shift ON orders (shift_id);

-- Price and tax snapshots: what the customer paid, whatever the catalog says
-- later. subtotal = unit_price * quantity; discount is the line's own
-- discount plus its share of the cart discount; tax is rounded per line.
CREATE TABLE order_items (
    id %ID%,
    order_id %BIGINT% NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    product_id %BIGINT% NOT NULL REFERENCES products (id),
    variant_id %BIGINT% NOT NULL REFERENCES product_variants (id),
    vendor_id %BIGINT% REFERENCES vendors (id),
    sku %TEXT% NOT NULL,
    name %TEXT% NOT NULL,
    quantity %BIGINT% NOT NULL CHECK (quantity > 0),
    list_price_cents %BIGINT% NOT NULL,
    unit_price_cents %BIGINT% NOT NULL CHECK (unit_price_cents >= 0),
    subtotal_cents %BIGINT% NOT NULL,
    discount_cents %BIGINT% NOT NULL DEFAULT 0 CHECK (discount_cents >= 0),
    tax_class %TEXT% NOT NULL DEFAULT 'standard',
    tax_rate_bp INTEGER NOT NULL,
    tax_cents %BIGINT% NOT NULL,
    total_cents %BIGINT% NOT NULL,
    refunded_quantity %BIGINT% NOT NULL DEFAULT 0,
    discount_reason %TEXT% NOT NULL DEFAULT '',
    CHECK (subtotal_cents = unit_price_cents * quantity),
    CHECK (total_cents = subtotal_cents - discount_cents + tax_cents),
    CHECK (refunded_quantity >= 0 AND refunded_quantity <= quantity)
);
CREATE INDEX order_items_order ON order_items (order_id, id);
CREATE INDEX order_items_variant ON order_items (variant_id, order_id);
CREATE INDEX order_items_vendor ON order_items (vendor_id, order_id);

CREATE TABLE order_status_history (
    id %ID%,
    order_id %BIGINT% NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    from_status %TEXT%,
    to_status %TEXT% NOT NULL,
    user_id %BIGINT% REFERENCES users (id),
    note %TEXT% NOT NULL DEFAULT '',
    created_at %TIMESTAMP% NOT NULL
);
CREATE INDEX order_status_history_order ON order_status_history (order_id, id);

-- A tender taken for a cart (then its order). The row is written, with its
-- idempotency key, before the gateway is first asked, and the same key is
-- sent on every retry; a 'pending' card payment after a crash is resolved by
-- asking the gateway by key. Card numbers never reach this table: only the
-- brand, the last four digits and the gateway's reference.
CREATE TABLE payments (
    id %ID%,
    order_id %BIGINT% REFERENCES orders (id),
    cart_id %BIGINT% REFERENCES carts (id),
    register_id %BIGINT% REFERENCES registers (id),
    shift_id %BIGINT% REFERENCES shifts (id),
    user_id %BIGINT% REFERENCES users (id),
    tender %TEXT% NOT NULL CHECK (tender IN ('cash', 'card', 'gift_card', 'other')),
    status %TEXT% NOT NULL CHECK (status IN ('pending', 'completed', 'failed', 'refunded', 'voided')),
    currency %TEXT% NOT NULL,
    amount_cents %BIGINT% NOT NULL CHECK (amount_cents > 0),
    tendered_cents %BIGINT%,
    change_cents %BIGINT% NOT NULL DEFAULT 0 CHECK (change_cents >= 0),
    refunded_cents %BIGINT% NOT NULL DEFAULT 0 CHECK (refunded_cents >= 0),
    idempotency_key %TEXT% NOT NULL,
    gateway_reference %TEXT% NOT NULL DEFAULT '',
    card_brand %TEXT% NOT NULL DEFAULT '',
    card_last4 %TEXT% NOT NULL DEFAULT '',
    failure_message %TEXT% NOT NULL DEFAULT '',
    attempts INTEGER NOT NULL DEFAULT 0,
    created_at %TIMESTAMP% NOT NULL,
    processed_at %TIMESTAMP%,
    CHECK (refunded_cents <= amount_cents),
    CHECK (card_last4 = '' OR length(card_last4) = 4),
    CHECK (order_id IS NOT NULL OR cart_id IS NOT NULL)
);
CREATE UNIQUE INDEX payments_idempotency ON payments (idempotency_key);
CREATE INDEX payments_order ON payments (order_id);
CREATE INDEX payments_cart ON payments (cart_id, status);
CREATE INDEX payments_status ON payments (status, id);

-- Money given back for an order: to the original payment (card refunds go
-- through the gateway with their own idempotency key) or in cash.
CREATE TABLE refunds (
    id %ID%,
    order_id %BIGINT% NOT NULL REFERENCES orders (id),
    payment_id %BIGINT% REFERENCES payments (id),
    shift_id %BIGINT% REFERENCES shifts (id),
    tender %TEXT% NOT NULL CHECK (tender IN ('cash', 'card', 'gift_card', 'other')),
    status %TEXT% NOT NULL CHECK (status IN ('pending', 'completed', 'failed')),
    currency %TEXT% NOT NULL,
    amount_cents %BIGINT% NOT NULL CHECK (amount_cents > 0),
    tax_cents %BIGINT% NOT NULL DEFAULT 0,
    idempotency_key %TEXT% NOT NULL,
    gateway_reference %TEXT% NOT NULL DEFAULT '',
    reason %TEXT% NOT NULL DEFAULT '',
    failure_message %TEXT% NOT NULL DEFAULT '',
    user_id %BIGINT% REFERENCES users (id),
    created_at %TIMESTAMP% NOT NULL,
    processed_at %TIMESTAMP%
);
CREATE UNIQUE INDEX refunds_idempotency ON refunds (idempotency_key);
CREATE INDEX refunds_order ON refunds (order_id, id);
CREATE INDEX refunds_status ON refunds (status, id);

-- What a refund gave back, per order line: restocked or written off.
CREATE TABLE refund_lines (
    id %ID%,
    refund_id %BIGINT% NOT NULL REFERENCES refunds (id) ON DELETE CASCADE,
    order_item_id %BIGINT% NOT NULL REFERENCES order_items (id),
    quantity %BIGINT% NOT NULL CHECK (quantity > 0),
    amount_cents %BIGINT% NOT NULL CHECK (amount_cents >= 0),
    tax_cents %BIGINT% NOT NULL DEFAULT 0,
    disposition %TEXT% NOT NULL CHECK (disposition IN ('restock', 'write_off')),
    write_off_reason %TEXT% NOT NULL DEFAULT ''
);
CREATE INDEX refund_lines_refund ON refund_lines (refund_id);
CREATE INDEX refund_lines_item ON refund_lines (order_item_id);
