-- Customer search at the register (services/customers/CustomerDirectory):
-- prefix ranges on the last name, the first name and the phone, each an
-- index range scan over customers only. E-mail prefixes use users_email.
-- SQLite's lower() folds ASCII letters, which the search does the same way.
CREATE INDEX users_customer_last_name ON users (lower(last_name)) WHERE role = 'customer';
CREATE INDEX users_customer_first_name ON users (lower(first_name)) WHERE role = 'customer';
CREATE INDEX users_customer_phone ON users (phone) WHERE role = 'customer';
