-- Shop settings, vendors, users with roles, addresses and the audit journal.
-- Type tokens (%ID% %TEXT% ...) are replaced per database by SqlDialect.
-- Timestamps are UTC; booleans are 0/1 integers on both databases.

CREATE TABLE settings (
    key %TEXT% PRIMARY KEY,
    value %TEXT% NOT NULL,
    updated_at %TIMESTAMP% NOT NULL
);

CREATE TABLE vendors (
    id %ID%,
    name %TEXT% NOT NULL,
    email %TEXT%,
    phone %TEXT%,
    is_active %BOOL% NOT NULL DEFAULT 1,
    created_at %TIMESTAMP% NOT NULL
);
CREATE UNIQUE INDEX vendors_name ON vendors (name);

CREATE TABLE users (
    id %ID%,
    email %TEXT% NOT NULL,
    password_hash %TEXT% NOT NULL,
    first_name %TEXT% NOT NULL,
    last_name %TEXT% NOT NULL,
    phone %TEXT%,
    role %TEXT% NOT NULL DEFAULT 'customer'
        CHECK (role IN ('customer', 'admin', 'vendor', 'clerk')),
    vendor_id %BIGINT% REFERENCES vendors (id),
    pin_hash %TEXT%,
    failed_sign_ins INTEGER NOT NULL DEFAULT 0,
    locked_until %TIMESTAMP%,
    failed_pins INTEGER NOT NULL DEFAULT 0,
    pin_locked_until %TIMESTAMP%,
    is_active %BOOL% NOT NULL DEFAULT 1,
    email_verified %BOOL% NOT NULL DEFAULT 0,
    created_at %TIMESTAMP% NOT NULL,
    updated_at %TIMESTAMP% NOT NULL,
    CHECK ((role = 'vendor' AND vendor_id IS NOT NULL) OR (role <> 'vendor' AND vendor_id IS NULL)),
    CHECK (failed_sign_ins >= 0 AND failed_pins >= 0)
);
-- E-mail addresses are stored lower-cased, as the original platform did.
CREATE UNIQUE INDEX users_email ON users (email);
CREATE INDEX users_created_at ON users (created_at);
CREATE INDEX users_role ON users (role, id);

CREATE TABLE addresses (
    id %ID%,
    user_id %BIGINT% NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    street_address %TEXT% NOT NULL,
    city %TEXT% NOT NULL,
    state %TEXT% NOT NULL,
    postal_code %TEXT% NOT NULL,
    country %TEXT% NOT NULL,
    is_default %BOOL% NOT NULL DEFAULT 0,
    address_type %TEXT% NOT NULL DEFAULT 'shipping' CHECK (address_type IN ('shipping', 'billing'))
);
CREATE INDEX addresses_user ON addresses (user_id);

-- Append-only, hash-chained journal: each row's hash covers the previous
-- row's hash and its own canonical content (see services/audit/AuditLog).
CREATE TABLE audit_log (
    id %ID%,
    at %TIMESTAMP% NOT NULL,
    actor_id %BIGINT%,
    actor_email %TEXT% NOT NULL DEFAULT '',
    action %TEXT% NOT NULL,
    subject %TEXT% NOT NULL DEFAULT '',
    details %TEXT% NOT NULL DEFAULT '{}',
    prev_hash %TEXT% NOT NULL,
    hash %TEXT% NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);
