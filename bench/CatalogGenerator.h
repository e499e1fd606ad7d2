#pragma once

#include "catalog/Product.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <random>

namespace sk::bench {

// A category of the generated three-level tree, by its index in the list.
struct GeneratedCategory {
    QString name;
    int parentIndex = -1; // -1: top level
    int level = 0;        // 0, 1, 2
};

// Realistic products for the catalog benchmark, the same for every run with
// the same seed: names from word lists in several scripts, brands,
// descriptions of a sentence or two, 1-4 variants with unique SKUs and valid
// EAN-13 barcodes, a category tree and vendors.
class CatalogGenerator {
public:
    static constexpr int kVendorCount = 20;

    static constexpr int kMaxVariants = 4;
    static constexpr quint64 kDefaultSeed = 20261125;

    // firstIndex: the product number this generator starts at, so that two
    // generators fill one database without sharing barcodes.
    explicit CatalogGenerator(quint64 seed = kDefaultSeed, qint64 firstIndex = 0);

    static QList<GeneratedCategory> categories();
    static QStringList vendorNames();

    // Product number `index` (0-based). categoryIds and vendorIds are the
    // database ids of categories() and vendorNames(), in the same order.
    ProductDraft product(qint64 index, const QList<qint64> &categoryIds, const QList<qint64> &vendorIds);

    // Words a clerk types (names, brands, SKU prefixes), for the search queries.
    QStringList searchWords(int count);

private:
    int pick(int size);
    QString word(const QStringList &list);

    std::mt19937_64 m_random;
    qint64 m_nextBarcode = 0;
};

} // namespace sk::bench
