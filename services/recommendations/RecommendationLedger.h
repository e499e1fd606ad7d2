#pragma once

#include "core/Result.h"

namespace sk {

class Connection;

// product_pairs and product_sales (migration 0012), kept incrementally by
// the write path (through OrderEvents): a placed order adds one to every
// pair of distinct products it holds, both directions, and its units to
// each product's sales. No full recomputation per sale.
namespace RecommendationLedger {

// An order adds the pairs of at most this many of its products, those with
// the most units (ties: the lower id): a wholesale order of 200 products
// would otherwise write 39,800 pair rows in the register's transaction.
// Every product still counts in product_sales.
constexpr int kMaxPairedProducts = 50;

Status addOrderInTransaction(Connection &connection, qint64 orderId);
// Fills both tables again from all placed orders (bulk-loaded data).
Status rebuildInTransaction(Connection &connection);

} // namespace RecommendationLedger

} // namespace sk
