#include "catalog/ProductSearchSql.h"

#include "shop/SettingsService.h"

using namespace Qt::StringLiterals;

namespace sk {

namespace {

// Below three characters the trigram indexes cannot match anything.
constexpr qsizetype kTrigramLength = 3;
// A relevance rank is tier * kTierSpan + score; scores (bm25, -ts_rank, a
// name's length / (10 * kTierSpan)) lie well inside one span, so every
// tier-0 hit ranks above every tier-1 hit.
constexpr int kTierSpan = 1000;

struct SortSpec {
    QStringList keys;
    bool descending = false;
    QString id = u"p.id"_s;
};

SortSpec sortSpec(ProductSort sort, bool rankedText)
{
    switch (sort) {
    case ProductSort::Relevance:
        // The ranked candidates alone: no product row is read for the order.
        if (rankedText)
            return {{u"m.rank"_s}, false, u"m.id"_s};
        return {{u"p.name"_s}, false};
    case ProductSort::PriceLow:
        return {{u"p.min_price_cents"_s}, false};
    case ProductSort::PriceHigh:
        return {{u"p.min_price_cents"_s}, true};
    case ProductSort::Newest:
        return {{u"p.created_at"_s}, true};
    case ProductSort::Rating:
        return {{u"p.average_rating"_s, u"p.review_count"_s}, true};
    case ProductSort::Name:
        break;
    }
    return {{u"p.name"_s}, false};
}

QString placeholders(qsizetype count)
{
    return QStringList(count, u"?"_s).join(u", "_s);
}

// An FTS5 string literal: the text between double quotes, quotes doubled,
// so that operators a clerk types (AND, -, *, parentheses) are plain text.
QString ftsPhrase(const QString &word)
{
    QString quoted = word;
    quoted.replace(u'"', u"\"\""_s);
    return u'"' + quoted + u'"';
}

// Typed % _ and \ stay literal in a LIKE pattern (backslash is the default escape).
QString likeLiteral(const QString &word)
{
    QString escaped = word;
    escaped.replace(u'\\', u"\\\\"_s).replace(u'%', u"\\%"_s).replace(u'_', u"\\_"_s);
    return escaped;
}

QString containsPattern(const QString &word)
{
    return u'%' + likeLiteral(word) + u'%';
}

QString startsWithPattern(const QString &word)
{
    return likeLiteral(word) + u'%';
}

// Word prefixes as a tsquery: tokens hold only letters and digits, so
// quoting them cannot be escaped from.
QString prefixTsQuery(const QStringList &tokens, const QString &joiner)
{
    QStringList parts;
    for (const QString &token : tokens)
        parts.append(u'\'' + token.toLower() + u"':*"_s);
    return parts.join(joiner);
}

QStringList letterTokens(const QString &text)
{
    QStringList tokens;
    QString current;
    for (QChar c : text) {
        if (c.isLetterOrNumber() || c.isMark()) {
            current.append(c);
        } else if (!current.isEmpty()) {
            tokens.append(current);
            current.clear();
        }
    }
    if (!current.isEmpty())
        tokens.append(current);
    return tokens;
}

} // namespace

QString ProductSearchSql::categorySubtreeSql()
{
    return u"WITH RECURSIVE tree(id) AS (SELECT id FROM categories WHERE id = ? "
           "UNION ALL SELECT c.id FROM categories c JOIN tree t ON c.parent_id = t.id) SELECT id FROM tree"_s;
}

QString ProductSearchSql::withSql(const ProductSearchQuery &query, QStringList tables, QVariantList &values) const
{
    const bool subtree = query.categoryId && subtreeInStatement();
    if (subtree) {
        // The category's subtree inside the statement that filters by it:
        // one statement instead of two, and a category that is gone simply
        // has no products.
        tables.prepend(u"tree (id) AS (SELECT id FROM categories WHERE id = ? "
                       "UNION ALL SELECT c.id FROM categories c JOIN tree t ON c.parent_id = t.id)"_s);
        values.prepend(*query.categoryId);
    }
    if (tables.isEmpty())
        return {};
    return (subtree ? u"WITH RECURSIVE "_s : u"WITH "_s) + tables.join(u", "_s) + u' ';
}

ProductSearchSql::Text ProductSearchSql::splitText(const QString &text)
{
    Text split;
    const QStringList words = text.simplified().split(u' ', Qt::SkipEmptyParts);
    for (const QString &word : words)
        if (word.toUcs4().size() >= kTrigramLength)
            split.longWords.append(word);
    // Short words next to long ones add little and would need a second
    // index per word; they narrow only when they are all there is.
    if (split.longWords.isEmpty())
        split.shortTokens = letterTokens(text);
    return split;
}

bool ProductSearchSql::matchesNothing(const ProductSearchQuery &query)
{
    if (query.text.trimmed().isEmpty())
        return false;
    const Text text = splitText(query.text);
    return text.longWords.isEmpty() && text.shortTokens.isEmpty();
}

int ProductSearchSql::sortKeyCount(const ProductSearchQuery &query)
{
    const bool rankedText = !query.text.trimmed().isEmpty();
    return int(sortSpec(query.sort, rankedText).keys.size());
}

QString ProductSearchSql::filterSql(const ProductSearchQuery &query, std::optional<qint64> vendorId,
                                    const QList<qint64> &categoryIds, QVariantList &values) const
{
    QString sql;
    if (vendorId) {
        sql += u" AND p.vendor_id = ?"_s;
        values.append(*vendorId);
    }
    if (query.categoryId && subtreeInStatement()) {
        sql += u" AND p.category_id IN (SELECT id FROM tree)"_s;
    } else if (query.categoryId) {
        // A category that is gone has no products; its own id keeps it so.
        const QList<qint64> ids = categoryIds.isEmpty() ? QList<qint64>{*query.categoryId} : categoryIds;
        sql += u" AND p.category_id IN ("_s + placeholders(ids.size()) + u')';
        for (qint64 id : ids)
            values.append(id);
    }
    if (query.status) {
        sql += u" AND p.status = ?"_s;
        values.append(productStatusName(*query.status));
    }
    if (query.minPriceCents) {
        sql += u" AND p.min_price_cents >= ?"_s;
        values.append(*query.minPriceCents);
    }
    if (query.maxPriceCents) {
        sql += u" AND p.min_price_cents <= ?"_s;
        values.append(*query.maxPriceCents);
    }
    if (query.stock != StockFilter::Any) {
        // Stock available (on hand minus reserved) of any variant at any
        // location; the product's status is a separate filter.
        sql += query.stock == StockFilter::InStock ? u" AND EXISTS"_s : u" AND NOT EXISTS"_s;
        sql += u" (SELECT 1 FROM product_variants sv JOIN stock_levels sl ON sl.variant_id = sv.id "
               "WHERE sv.product_id = p.id AND sl.on_hand - sl.reserved > 0)"_s;
    }
    for (const auto &[key, value] : query.attributes) {
        // Keys and values are bound; json_each avoids building a JSON path
        // out of what was typed.
        sql += m_postgres ? u" AND (p.attributes::jsonb ->> CAST(? AS TEXT)) = ?"_s
                          : u" AND EXISTS (SELECT 1 FROM json_each(p.attributes) a "
                            "WHERE a.key = ? AND CAST(a.value AS TEXT) = ?)"_s;
        values.append(key);
        values.append(value);
    }
    return sql;
}

QString ProductSearchSql::hitsSql(const Text &text, const QString &filters, const QVariantList &filterValues,
                                  QVariantList &values) const
{
    const QString limit = u" LIMIT %1"_s.arg(ProductSearch::kMaxRankedMatches);
    QStringList branches;
    auto add = [&](const QString &select, const QVariantList &selectValues) {
        branches.append(u"SELECT id, tier, score FROM ("_s + select + filters + limit + u") AS h"_s
                        + QString::number(branches.size()));
        values += selectValues;
        values += filterValues;
    };

    if (!m_postgres) {
        // CROSS JOIN keeps the full-text table outside: the match streams in
        // rowid order and stops at the limit, instead of one match per
        // product. Without filters the products are not read at all.
        const bool filtered = !filters.isEmpty();
        auto from = [filtered](const QString &table, const QString &idColumn) {
            return u" FROM "_s + table
                   + (filtered ? u" CROSS JOIN products p ON p.id = "_s + idColumn : QString())
                   + u" WHERE "_s + table + u" MATCH ?"_s;
        };
        if (!text.longWords.isEmpty()) {
            QStringList all;
            for (const QString &word : text.longWords)
                all.append(ftsPhrase(word));
            const QString phrases = all.join(u' ');
            add(u"SELECT product_names.rowid AS id, 0 AS tier, bm25(product_names) AS score"_s
                    + from(u"product_names"_s, u"product_names.rowid"_s),
                {phrases});
            add(u"SELECT v.product_id AS id, 0 AS tier, bm25(product_codes) AS score FROM product_codes "
                "CROSS JOIN product_variants v ON v.id = product_codes.rowid "_s
                    + (filtered ? u"CROSS JOIN products p ON p.id = v.product_id "_s : QString())
                    + u"WHERE product_codes MATCH ?"_s,
                {phrases});
            add(u"SELECT product_text.rowid AS id, 1 AS tier, bm25(product_text, 3.0, 2.0, 1.0) AS score"_s
                    + from(u"product_text"_s, u"product_text.rowid"_s),
                {phrases});
        } else {
            QStringList prefixes;
            for (const QString &token : text.shortTokens)
                prefixes.append(ftsPhrase(token) + u'*');
            const QString wordsFrom = from(u"product_words"_s, u"product_words.rowid"_s);
            // Tier 0: the name begins with what was typed.
            add(u"SELECT product_words.rowid AS id, 0 AS tier, bm25(product_words) AS score"_s + wordsFrom,
                {u"^"_s + prefixes.join(u' ')});
            add(u"SELECT product_words.rowid AS id, 1 AS tier, bm25(product_words) AS score"_s + wordsFrom,
                {prefixes.join(u' ')});
        }
        return branches.join(u" UNION ALL "_s);
    }

    const QString rankVector = u"CAST(-ts_rank('{0.1, 0.33, 0.67, 1.0}', p.search_vector, "
                               "to_tsquery('simple', ?)) AS DOUBLE PRECISION)"_s;
    if (!text.longWords.isEmpty()) {
        // Ranked by the weighted words the query's letters begin (name A,
        // description B, brand C); any of them counts towards the rank.
        const QString rankQuery = prefixTsQuery(letterTokens(text.longWords.join(u' ')), u" | "_s);
        QString inName;
        QString inCodes;
        QString inAny;
        QVariantList nameValues{rankQuery};
        QVariantList codeValues;
        QVariantList anyValues{rankQuery};
        for (const QString &word : text.longWords) {
            const QString pattern = containsPattern(word);
            inName += u" AND p.name ILIKE ?"_s;
            nameValues.append(pattern);
            inCodes += u" AND (v.sku ILIKE ? OR v.barcode LIKE ?)"_s;
            codeValues << pattern << pattern;
            inAny += u" AND (p.name ILIKE ? OR p.description ILIKE ? OR p.brand ILIKE ?)"_s;
            anyValues << pattern << pattern << pattern;
        }
        add(u"SELECT p.id AS id, 0 AS tier, "_s + rankVector + u" AS score FROM products p WHERE TRUE"_s + inName,
            nameValues);
        add(u"SELECT v.product_id AS id, 0 AS tier, CAST(-1 AS DOUBLE PRECISION) AS score FROM product_variants v "
            "JOIN products p ON p.id = v.product_id WHERE TRUE"_s + inCodes,
            codeValues);
        add(u"SELECT p.id AS id, 1 AS tier, "_s + rankVector + u" AS score FROM products p WHERE TRUE"_s + inAny,
            anyValues);
    } else {
        // Prefixes of the name's words only. Neither branch reads every
        // product (0008_search_plans): the name's start is a range of the
        // lower(name) btree, the name's words come from their own GIN index,
        // whose prefix matches are exact (the weighted 'ab':*A on the stored
        // vector must recheck each product). The score is the name's length,
        // shorter names first as bm25 prefers them on SQLite: ts_rank over
        // thousands of one-letter matches cost more than finding them.
        // Tier 0 checks its few candidates against the stored vector (name
        // words are weight A), which costs no parsing.
        const QString namePrefixes = prefixTsQuery(text.shortTokens, u" & "_s);
        QStringList weighted;
        for (const QString &token : text.shortTokens)
            weighted.append(u'\'' + token.toLower() + u"':*A"_s);
        const QString nameWords = u"to_tsvector('simple', p.name) @@ to_tsquery('simple', ?)"_s;
        const QString byLength = u"CAST(char_length(p.name) AS DOUBLE PRECISION) / %1"_s.arg(kTierSpan * 10);
        add(u"SELECT p.id AS id, 0 AS tier, "_s + byLength + u" AS score FROM products p "
                "WHERE lower(p.name) LIKE ? AND p.search_vector @@ to_tsquery('simple', ?)"_s,
            {startsWithPattern(text.shortTokens.constFirst().toLower()), weighted.join(u" & "_s)});
        add(u"SELECT p.id AS id, 1 AS tier, "_s + byLength + u" AS score FROM products p WHERE "_s + nameWords,
            {namePrefixes});
    }
    return branches.join(u" UNION ALL "_s);
}

SearchStatement ProductSearchSql::select(const ProductSearchQuery &query, std::optional<qint64> vendorId,
                                         const QList<qint64> &categoryIds, const std::optional<ProductCursor> &after,
                                         std::optional<int> limit, Columns columns) const
{
    const Text text = splitText(query.text);
    const bool hasText = !text.longWords.isEmpty() || !text.shortTokens.isEmpty();
    const SortSpec sort = sortSpec(query.sort, hasText);

    // A list of a million ids needs no keys; converting them would double its cost.
    const QString selected =
        columns == Columns::IdOnly ? u"SELECT "_s + sort.id : u"SELECT "_s + sort.id + u", "_s + sort.keys.join(u", "_s);
    SearchStatement statement;
    QVariantList filterValues;
    const QString filters = filterSql(query, vendorId, categoryIds, filterValues);
    QString sql;
    if (hasText) {
        const QString hits = u"hits (id, tier, score) AS ("_s + hitsSql(text, filters, filterValues, statement.values)
                             + u')';
        const QString ranked = u"ranked (id, rank) AS (SELECT id, MIN(CAST(tier AS DOUBLE PRECISION) * %1 + score) "
                               "FROM hits GROUP BY id ORDER BY 2, 1 LIMIT %2)"_s.arg(kTierSpan)
                                   .arg(ProductSearch::kMaxRankedMatches);
        sql = withSql(query, {hits, ranked}, statement.values) + selected
              + (sort.id == u"m.id"_s ? u" FROM ranked m"_s : u" FROM ranked m JOIN products p ON p.id = m.id"_s)
              + u" WHERE 1 = 1"_s;
    } else {
        sql = withSql(query, {}, statement.values) + selected + u" FROM products p WHERE 1 = 1"_s + filters;
        statement.values += filterValues;
    }
    if (after) {
        // Row values compare key by key, so the index on (keys..., id) is
        // entered right after the previous page's last row.
        sql += u" AND ("_s + sort.keys.join(u", "_s) + u", "_s + sort.id + u") "_s + (sort.descending ? u'<' : u'>') + u" ("_s
               + placeholders(sort.keys.size() + 1) + u')';
        if (sort.keys.size() == 1)
            statement.values.append(after->sortValue);
        else
            statement.values += after->sortValue.toList();
        statement.values.append(after->id);
    }
    const QString direction = sort.descending ? u" DESC"_s : u""_s;
    QStringList order;
    for (const QString &key : sort.keys)
        order.append(key + direction);
    order.append(sort.id + direction);
    sql += u" ORDER BY "_s + order.join(u", "_s);
    if (limit)
        sql += u" LIMIT %1"_s.arg(*limit);
    statement.sql = sql;
    return statement;
}

SearchStatement ProductSearchSql::rows(const QList<qint64> &ids, std::optional<qint64> vendorId)
{
    SearchStatement statement;
    // The shop's currency rides along (a constant subquery, evaluated once
    // per statement): no separate read of the settings per window, and never
    // a stale copy when an administrator changes it.
    statement.values = {SettingsService::currencyKey(), ShopSettings().currency};
    statement.sql =
        u"SELECT p.id, p.name, "
        "(SELECT v.sku FROM product_variants v WHERE v.product_id = p.id ORDER BY v.position, v.id LIMIT 1), "
        "p.brand, ve.name, c.name, p.status, p.min_price_cents, p.average_rating, p.review_count, "
        "(SELECT COUNT(*) FROM product_variants v WHERE v.product_id = p.id), p.created_at, "
        "(SELECT i.thumbnail FROM product_images i WHERE i.product_id = p.id ORDER BY i.position, i.id LIMIT 1), "
        "COALESCE((SELECT s.value FROM settings s WHERE s.key = ?), ?) "
        "FROM products p LEFT JOIN vendors ve ON ve.id = p.vendor_id "
        "LEFT JOIN categories c ON c.id = p.category_id WHERE p.id IN ("_s
        + placeholders(ids.size()) + u')';
    for (qint64 id : ids)
        statement.values.append(id);
    if (vendorId) {
        statement.sql += u" AND p.vendor_id = ?"_s;
        statement.values.append(*vendorId);
    }
    return statement;
}

SearchStatement ProductSearchSql::count(const ProductSearchQuery &query, std::optional<qint64> vendorId,
                                        const QList<qint64> &categoryIds) const
{
    const Text text = splitText(query.text);
    SearchStatement statement;
    QVariantList filterValues;
    const QString filters = filterSql(query, vendorId, categoryIds, filterValues);
    if (text.longWords.isEmpty() && text.shortTokens.isEmpty()) {
        statement.sql = withSql(query, {}, statement.values) + u"SELECT COUNT(*) FROM products p WHERE 1 = 1"_s + filters;
        statement.values += filterValues;
        return statement;
    }
    const QString hits = u"hits (id, tier, score) AS ("_s + hitsSql(text, filters, filterValues, statement.values)
                         + u')';
    statement.sql = withSql(query, {hits}, statement.values)
                    + u"SELECT COUNT(*) FROM (SELECT id FROM hits GROUP BY id LIMIT %1) AS ranked"_s.arg(
                        ProductSearch::kMaxRankedMatches);
    return statement;
}

} // namespace sk
