-- Customer search at the register (services/customers/CustomerDirectory):
-- prefix ranges on the last name, the first name, the e-mail address and the
-- phone, each an index range scan over customers only. The keys are in "C"
-- order, the order in which [prefix, next prefix) is a range whatever the
-- database's own collation; the search compares with COLLATE "C" too.
CREATE INDEX users_customer_last_name ON users ((lower(last_name) COLLATE "C")) WHERE role = 'customer';
CREATE INDEX users_customer_first_name ON users ((lower(first_name) COLLATE "C")) WHERE role = 'customer';
CREATE INDEX users_customer_email ON users ((email COLLATE "C")) WHERE role = 'customer';
CREATE INDEX users_customer_phone ON users ((phone COLLATE "C")) WHERE role = 'customer';
