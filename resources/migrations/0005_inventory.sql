-- Inventory: locations, stock levels, the movements ledger, reservations,
-- receipts, stocktakes, and the notifications outbox. The trigger that gives
-- every new variant its stock level differs per database: 0009.
-- docs/inventory.md explains the invariants the services keep.

CREATE TABLE locations (
    id %ID%,
    code %TEXT% NOT NULL,
    name %TEXT% NOT NULL,
    position INTEGER NOT NULL DEFAULT 0,
    is_active %BOOL% NOT NULL DEFAULT 1,
    created_at %TIMESTAMP% NOT NULL
);
CREATE UNIQUE INDEX locations_code ON locations (upper(code));
INSERT INTO locations (code, name, position, is_active, created_at)
    VALUES ('STORE', 'Store', 0, 1, CURRENT_TIMESTAMP);

-- One row per variant and location, created on the first movement (or a
-- reorder setting). on_hand only changes together with a stock_movements row.
CREATE TABLE stock_levels (
    id %ID%,
    variant_id %BIGINT% NOT NULL REFERENCES product_variants (id) ON DELETE CASCADE,
    location_id %BIGINT% NOT NULL REFERENCES locations (id),
    on_hand %BIGINT% NOT NULL DEFAULT 0,
    reserved %BIGINT% NOT NULL DEFAULT 0,
    reorder_level %BIGINT% NOT NULL DEFAULT 10,
    reorder_quantity %BIGINT% NOT NULL DEFAULT 0,
    bin %TEXT% NOT NULL DEFAULT '',
    updated_at %TIMESTAMP% NOT NULL,
    UNIQUE (variant_id, location_id),
    CHECK (on_hand >= 0),
    CHECK (reserved >= 0),
    CHECK (reserved <= on_hand),
    CHECK (reorder_level >= 0 AND reorder_quantity >= 0)
);
CREATE INDEX stock_levels_location ON stock_levels (location_id, variant_id);

-- The ledger. No ON DELETE CASCADE: a variant with movements cannot be
-- removed (ProductService refuses it with a sentence first).
CREATE TABLE stock_movements (
    id %ID%,
    variant_id %BIGINT% NOT NULL REFERENCES product_variants (id),
    location_id %BIGINT% NOT NULL REFERENCES locations (id),
    reason %TEXT% NOT NULL CHECK (reason IN ('receive', 'sale', 'return', 'damaged', 'lost', 'found',
                                             'count_correction', 'transfer_out', 'transfer_in')),
    quantity %BIGINT% NOT NULL CHECK (quantity <> 0),
    on_hand_after %BIGINT% NOT NULL CHECK (on_hand_after >= 0),
    unit_cost_cents %BIGINT%,
    reference_type %TEXT% NOT NULL DEFAULT '',
    reference_id %BIGINT% NOT NULL DEFAULT 0,
    note %TEXT% NOT NULL DEFAULT '',
    user_id %BIGINT%,
    created_at %TIMESTAMP% NOT NULL
);
CREATE INDEX stock_movements_history ON stock_movements (variant_id, location_id, id);
CREATE INDEX stock_movements_variant ON stock_movements (variant_id, id);
CREATE INDEX stock_movements_reference ON stock_movements (reference_type, reference_id);

CREATE TABLE reservations (
    id %ID%,
    variant_id %BIGINT% NOT NULL REFERENCES product_variants (id),
    location_id %BIGINT% NOT NULL REFERENCES locations (id),
    quantity %BIGINT% NOT NULL CHECK (quantity > 0),
    reference_type %TEXT% NOT NULL,
    reference_id %BIGINT% NOT NULL,
    status %TEXT% NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'released', 'committed')),
    expires_at %TIMESTAMP%,
    user_id %BIGINT%,
    created_at %TIMESTAMP% NOT NULL,
    updated_at %TIMESTAMP% NOT NULL
);
CREATE INDEX reservations_reference ON reservations (reference_type, reference_id, status);
CREATE INDEX reservations_level ON reservations (variant_id, location_id, status);
CREATE INDEX reservations_expiry ON reservations (status, expires_at);

CREATE TABLE receipts (
    id %ID%,
    location_id %BIGINT% NOT NULL REFERENCES locations (id),
    supplier %TEXT% NOT NULL DEFAULT '',
    supplier_reference %TEXT% NOT NULL DEFAULT '',
    note %TEXT% NOT NULL DEFAULT '',
    user_id %BIGINT%,
    created_at %TIMESTAMP% NOT NULL
);
CREATE INDEX receipts_created ON receipts (created_at, id);

CREATE TABLE receipt_lines (
    id %ID%,
    receipt_id %BIGINT% NOT NULL REFERENCES receipts (id) ON DELETE CASCADE,
    variant_id %BIGINT% NOT NULL REFERENCES product_variants (id),
    quantity %BIGINT% NOT NULL CHECK (quantity > 0),
    unit_cost_cents %BIGINT% CHECK (unit_cost_cents IS NULL OR unit_cost_cents >= 0)
);
CREATE INDEX receipt_lines_receipt ON receipt_lines (receipt_id, id);

-- A transfer's two movements (transfer_out, transfer_in) refer to it.
CREATE TABLE transfers (
    id %ID%,
    from_location_id %BIGINT% NOT NULL REFERENCES locations (id),
    to_location_id %BIGINT% NOT NULL REFERENCES locations (id),
    note %TEXT% NOT NULL DEFAULT '',
    user_id %BIGINT%,
    created_at %TIMESTAMP% NOT NULL,
    CHECK (from_location_id <> to_location_id)
);

CREATE TABLE stocktakes (
    id %ID%,
    location_id %BIGINT% NOT NULL REFERENCES locations (id),
    category_id %BIGINT% REFERENCES categories (id) ON DELETE SET NULL,
    vendor_id %BIGINT% REFERENCES vendors (id),
    status %TEXT% NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'posted', 'cancelled')),
    note %TEXT% NOT NULL DEFAULT '',
    started_by %BIGINT%,
    started_at %TIMESTAMP% NOT NULL,
    finished_at %TIMESTAMP%
);
CREATE INDEX stocktakes_location ON stocktakes (location_id, id);

-- expected: on hand when the count started; on_hand_at_count: on hand when
-- the line was last counted (posting applies counted - on_hand_at_count).
CREATE TABLE stocktake_lines (
    id %ID%,
    stocktake_id %BIGINT% NOT NULL REFERENCES stocktakes (id) ON DELETE CASCADE,
    variant_id %BIGINT% NOT NULL REFERENCES product_variants (id) ON DELETE CASCADE,
    expected %BIGINT% NOT NULL,
    counted %BIGINT% CHECK (counted IS NULL OR counted >= 0),
    on_hand_at_count %BIGINT% NOT NULL DEFAULT 0,
    counted_at %TIMESTAMP%,
    UNIQUE (stocktake_id, variant_id)
);

-- Notifications waiting to be sent (low stock now; orders and receipts later).
-- dedupe_key: at most one row per key, so a condition that keeps holding
-- (repeated sales below the reorder level) does not flood the outbox.
CREATE TABLE outbox (
    id %ID%,
    kind %TEXT% NOT NULL,
    recipient_user_id %BIGINT% REFERENCES users (id) ON DELETE SET NULL,
    recipient_email %TEXT% NOT NULL DEFAULT '',
    subject %TEXT% NOT NULL DEFAULT '',
    body %TEXT% NOT NULL DEFAULT '',
    payload %TEXT% NOT NULL DEFAULT '{}',
    status %TEXT% NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error %TEXT% NOT NULL DEFAULT '',
    dedupe_key %TEXT%,
    created_at %TIMESTAMP% NOT NULL,
    sent_at %TIMESTAMP%
);
CREATE UNIQUE INDEX outbox_dedupe ON outbox (dedupe_key);
CREATE INDEX outbox_pending ON outbox (status, id);

-- Every variant has a stock level at the first location from the start, so
-- the Inventory page lists it (at zero) before it was ever received.
INSERT INTO stock_levels (variant_id, location_id, updated_at)
    SELECT v.id, (SELECT MIN(id) FROM locations), CURRENT_TIMESTAMP FROM product_variants v;
