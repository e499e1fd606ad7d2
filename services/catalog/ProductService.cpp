#include "catalog/ProductService.h"

#include "audit/AuditLog.h"
#include "auth/Permissions.h"
#include "catalog/Barcode.h"
#include "catalog/CatalogScope.h"
#include "catalog/CategoryService.h"
#include "catalog/Slug.h"
#include "db/ChangeLog.h"
#include "db/Database.h"
#include "shop/SettingsService.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QSet>
#include <algorithm>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

constexpr int kMaxSlugAttempts = 1000;
// Bound values per IN (...) list; far below both databases' limits.
constexpr qsizetype kIdChunk = 500;

const QString kProductColumns =
    u"id, vendor_id, category_id, name, slug, description, brand, status, tax_class, attributes, "
    "min_price_cents, average_rating, review_count, version, created_at, updated_at"_s;
const QString kVariantColumns =
    u"id, product_id, sku, barcode, options, price_cents, compare_at_cents, cost_cents, weight_grams, "
    "is_active, position"_s;

using Scope = CatalogScope;

Error invalid(const QString &message)
{
    return Error::make(ErrorCode::InvalidInput, message);
}

Error notFound(qint64 productId)
{
    return Error::make(ErrorCode::NotFound,
                       QCoreApplication::translate("ProductService", "The product no longer exists (number %1), or it "
                                                                     "belongs to another vendor. Refresh the list.")
                           .arg(productId));
}

QVariant nullable(std::optional<qint64> value)
{
    return value ? QVariant(*value) : QVariant(QMetaType::fromType<qint64>(), nullptr);
}

QVariant nullableInt(std::optional<int> value)
{
    return value ? QVariant(*value) : QVariant(QMetaType::fromType<int>(), nullptr);
}

QVariant nullableMoney(const std::optional<Money> &value)
{
    return value ? QVariant(value->minorUnits()) : QVariant(QMetaType::fromType<qint64>(), nullptr);
}

// A null QString binds as SQL NULL; the text columns are NOT NULL DEFAULT ''.
QString notNull(const QString &text)
{
    return text.isNull() ? u""_s : text;
}

QString compactJson(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QJsonObject parseJsonObject(const QString &text)
{
    return QJsonDocument::fromJson(text.toUtf8()).object();
}

QString placeholders(qsizetype count)
{
    QStringList marks(count, u"?"_s);
    return marks.join(u", "_s);
}

QString currencyOf(Connection &connection, Error *error)
{
    Result<ShopSettings> settings = SettingsService::loadInTransaction(connection);
    if (!settings) {
        *error = settings.error();
        return {};
    }
    return settings->currency;
}

// The machine form ("19.99") first, then what a person types in the locale.
std::optional<Money> parseAmount(const QString &text, const QString &currency)
{
    const QString trimmed = text.trimmed();
    if (std::optional<Money> plain = Money::parseDecimal(trimmed, currency))
        return plain;
    return Money::parse(trimmed, currency, QLocale());
}

QString variantLabel(qsizetype index, const VariantDraft &variant)
{
    return variant.sku.trimmed().isEmpty()
               ? QCoreApplication::translate("ProductService", "Variant %1").arg(index + 1)
               : QCoreApplication::translate("ProductService", "Variant %1 (%2)").arg(index + 1).arg(variant.sku.trimmed());
}

using CleanVariant = ProductService::CheckedVariant;
using CleanDraft = ProductService::CheckedDraft;

Result<std::optional<Money>> optionalAmount(const QString &text, const QString &currency, const QString &label,
                                            const QString &what)
{
    if (text.trimmed().isEmpty())
        return std::optional<Money>();
    std::optional<Money> amount = parseAmount(text, currency);
    if (!amount)
        return invalid(QCoreApplication::translate("ProductService", "%1: the %2 \"%3\" is not an amount. Enter it "
                                                                     "like 19.99.")
                           .arg(label, what, text.trimmed()));
    if (amount->isNegative())
        return invalid(QCoreApplication::translate("ProductService", "%1: the %2 cannot be negative.").arg(label, what));
    return std::optional<Money>(amount);
}

// Everything that can be checked without the database, in the order a
// person fixes a form: product fields first, then each variant.
Result<CleanDraft> validateDraft(const ProductDraft &draft, const QString &currency)
{
    CleanDraft clean;
    clean.name = draft.name.trimmed();
    if (clean.name.isEmpty())
        return invalid(QCoreApplication::translate("ProductService", "Enter a name for the product."));
    if (clean.name.size() > ProductService::kMaxNameLength)
        return invalid(QCoreApplication::translate("ProductService", "A product name may have at most %1 characters "
                                                                     "(this one has %2).")
                           .arg(ProductService::kMaxNameLength)
                           .arg(clean.name.size()));
    clean.slug = draft.slug.trimmed();
    if (!clean.slug.isEmpty() && !Slug::isCanonical(clean.slug))
        return invalid(QCoreApplication::translate("ProductService", "The web name \"%1\" may contain only lower-case "
                                                                     "letters, digits and single hyphens, for example "
                                                                     "\"%2\".")
                           .arg(clean.slug, Slug::fromName(clean.slug)));
    clean.description = notNull(draft.description.trimmed());
    clean.brand = notNull(draft.brand.trimmed());
    clean.taxClass = draft.taxClass.trimmed().isEmpty() ? u"standard"_s : draft.taxClass.trimmed();
    clean.attributes = compactJson(draft.attributes);
    clean.vendorId = draft.vendorId;
    clean.categoryId = draft.categoryId;
    clean.status = draft.status;

    if (draft.variants.isEmpty())
        return invalid(QCoreApplication::translate("ProductService", "A product needs at least one variant with a SKU "
                                                                     "and a price."));
    // Either one default variant without options, or every variant has the
    // same option names (size, colour) with a different combination of values.
    QStringList firstNames;
    for (auto it = draft.variants.first().options.begin(); it != draft.variants.first().options.end(); ++it)
        firstNames.append(it.key().trimmed().toCaseFolded());
    firstNames.sort();
    if (firstNames.isEmpty() && draft.variants.size() > 1)
        return invalid(QCoreApplication::translate("ProductService", "A product with several variants needs options "
                                                                     "(such as size or colour) that tell them apart."));
    QSet<QString> skus;
    QSet<QString> barcodes;
    QSet<QString> optionKeys;
    for (qsizetype i = 0; i < draft.variants.size(); ++i) {
        const VariantDraft &variant = draft.variants[i];
        const QString label = variantLabel(i, variant);
        CleanVariant out;
        out.id = variant.id;
        out.sku = variant.sku.trimmed();
        if (const QString problem = ProductService::skuProblem(out.sku); !problem.isEmpty())
            return invalid(label + u": "_s + problem);
        if (skus.contains(out.sku.toUpper()))
            return invalid(QCoreApplication::translate("ProductService", "The SKU \"%1\" is used by two variants of this "
                                                                         "product. Give each variant its own SKU.")
                               .arg(out.sku));
        skus.insert(out.sku.toUpper());

        const QString barcode = variant.barcode.trimmed();
        if (barcode.isEmpty()) {
            out.barcode = QVariant(QMetaType::fromType<QString>(), nullptr);
        } else {
            if (const QString problem = Barcode::problem(barcode); !problem.isEmpty())
                return invalid(label + u": "_s + problem);
            if (barcodes.contains(barcode))
                return invalid(QCoreApplication::translate("ProductService", "The barcode %1 is used by two variants of "
                                                                             "this product. Each variant needs its own.")
                                   .arg(barcode));
            barcodes.insert(barcode);
            out.barcode = barcode;
        }

        QJsonObject options;
        QStringList names;
        for (auto it = variant.options.begin(); it != variant.options.end(); ++it) {
            const QString name = it.key().trimmed();
            const QString value = it.value().isString() ? it.value().toString().trimmed() : QString();
            if (name.isEmpty() || value.isEmpty())
                return invalid(QCoreApplication::translate("ProductService", "%1: every option needs a name and a text "
                                                                             "value, such as size L.")
                                   .arg(label));
            options.insert(name, value);
            names.append(name.toCaseFolded());
        }
        names.sort();
        if (names != firstNames)
            return invalid(QCoreApplication::translate("ProductService", "%1: every variant must have the same options "
                                                                         "(%2).")
                               .arg(label, firstNames.join(u", "_s)));
        out.options = compactJson(options);
        out.optionKey = notNull(ProductService::optionKey(options));
        if (optionKeys.contains(out.optionKey)) {
            QStringList combination;
            for (auto it = options.begin(); it != options.end(); ++it)
                combination.append(it.key() + u' ' + it.value().toString());
            return invalid(QCoreApplication::translate("ProductService", "Two variants have the same options (%1). Each "
                                                                         "combination may appear only once.")
                               .arg(combination.join(u", "_s)));
        }
        optionKeys.insert(out.optionKey);

        if (variant.price.trimmed().isEmpty())
            return invalid(QCoreApplication::translate("ProductService", "%1: enter a price.").arg(label));
        Result<std::optional<Money>> price =
            optionalAmount(variant.price, currency, label, QCoreApplication::translate("ProductService", "price"));
        if (!price)
            return price.error();
        out.price = *price.value();
        Result<std::optional<Money>> compareAt = optionalAmount(
            variant.compareAt, currency, label, QCoreApplication::translate("ProductService", "compare-at price"));
        if (!compareAt)
            return compareAt.error();
        out.compareAt = compareAt.value();
        Result<std::optional<Money>> cost =
            optionalAmount(variant.cost, currency, label, QCoreApplication::translate("ProductService", "cost"));
        if (!cost)
            return cost.error();
        out.cost = cost.value();
        if (variant.weightGrams && *variant.weightGrams < 0)
            return invalid(QCoreApplication::translate("ProductService", "%1: the weight cannot be negative.").arg(label));
        out.weightGrams = variant.weightGrams;
        out.isActive = variant.isActive;
        clean.variants.append(out);
    }
    return clean;
}

// Checks that need the database: references exist, SKUs and barcodes are
// free outside this product (exceptProductId; 0 on create).
Status validateReferences(Connection &connection, const CleanDraft &draft, qint64 exceptProductId)
{
    if (draft.categoryId) {
        Result<Category> category = CategoryService::getInTransaction(connection, *draft.categoryId);
        if (!category)
            return invalid(QCoreApplication::translate("ProductService", "The chosen category does not exist (number "
                                                                         "%1). Choose another one.")
                               .arg(*draft.categoryId));
    }
    if (draft.vendorId) {
        Result<QVariant> vendor = connection.scalar(u"SELECT id FROM vendors WHERE id = ?"_s, {*draft.vendorId});
        if (!vendor)
            return vendor.error();
        if (vendor.value().isNull())
            return invalid(QCoreApplication::translate("ProductService", "The chosen vendor does not exist (number %1).")
                               .arg(*draft.vendorId));
    }
    for (const CleanVariant &variant : draft.variants) {
        Result<QVariant> sku = connection.scalar(
            u"SELECT sku FROM product_variants WHERE upper(sku) = upper(?) AND product_id <> ?"_s,
            {variant.sku, exceptProductId});
        if (!sku)
            return sku.error();
        if (!sku.value().isNull())
            return Error::make(ErrorCode::Conflict,
                               QCoreApplication::translate("ProductService", "The SKU \"%1\" is already used by another "
                                                                             "product (as \"%2\"; SKUs ignore upper and "
                                                                             "lower case). Choose another SKU.")
                                   .arg(variant.sku, sku.value().toString()));
        if (variant.barcode.isNull())
            continue;
        Result<QVariant> barcode = connection.scalar(
            u"SELECT id FROM product_variants WHERE barcode = ? AND product_id <> ?"_s, {variant.barcode, exceptProductId});
        if (!barcode)
            return barcode.error();
        if (!barcode.value().isNull())
            return Error::make(ErrorCode::Conflict,
                               QCoreApplication::translate("ProductService", "The barcode %1 is already used by another "
                                                                             "product. Check the number.")
                                   .arg(variant.barcode.toString()));
    }
    return Status::success();
}

Result<QString> freeSlug(Connection &connection, const QString &wanted, qint64 exceptProductId)
{
    const QString base = wanted.isEmpty() ? u"product"_s : wanted;
    for (int attempt = 1; attempt <= kMaxSlugAttempts; ++attempt) {
        const QString candidate = attempt == 1 ? base : base + u'-' + QString::number(attempt);
        Result<QVariant> taken =
            connection.scalar(u"SELECT id FROM products WHERE slug = ? AND id <> ?"_s, {candidate, exceptProductId});
        if (!taken)
            return taken.error();
        if (taken.value().isNull())
            return candidate;
    }
    return Error::make(ErrorCode::Conflict,
                       QCoreApplication::translate("ProductService", "Too many products share the web name \"%1\". Enter "
                                                                     "a distinct web name.")
                           .arg(base));
}

Status writeVariant(Connection &connection, qint64 productId, const CleanVariant &variant, int position,
                    const QDateTime &now)
{
    const QVariantList values{variant.sku,
                              variant.barcode,
                              variant.options,
                              variant.optionKey,
                              variant.price.minorUnits(),
                              nullableMoney(variant.compareAt),
                              nullableMoney(variant.cost),
                              nullableInt(variant.weightGrams),
                              variant.isActive ? 1 : 0,
                              position,
                              now};
    if (variant.id == 0)
        return connection.run(
            u"INSERT INTO product_variants (sku, barcode, options, option_key, price_cents, compare_at_cents, "
            "cost_cents, weight_grams, is_active, position, updated_at, product_id, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s,
            QVariantList(values) << productId << now);
    return connection.run(u"UPDATE product_variants SET sku = ?, barcode = ?, options = ?, option_key = ?, "
                          "price_cents = ?, compare_at_cents = ?, cost_cents = ?, weight_grams = ?, is_active = ?, "
                          "position = ?, updated_at = ? WHERE id = ? AND product_id = ?"_s,
                          QVariantList(values) << variant.id << productId);
}

// Keeps products.min_price_cents equal to the lowest active variant price
// (the lowest of all when none is active) for sorting by price.
Status refreshMinPrice(Connection &connection, const QList<qint64> &productIds)
{
    for (qsizetype start = 0; start < productIds.size(); start += kIdChunk) {
        const QList<qint64> chunk = productIds.mid(start, kIdChunk);
        QVariantList values;
        for (qint64 id : chunk)
            values.append(id);
        if (Status ok = connection.run(
                u"UPDATE products SET min_price_cents = COALESCE("
                "(SELECT MIN(v.price_cents) FROM product_variants v WHERE v.product_id = products.id AND v.is_active = 1), "
                "(SELECT MIN(v.price_cents) FROM product_variants v WHERE v.product_id = products.id), 0) "
                "WHERE id IN ("_s + placeholders(chunk.size()) + u')',
                values);
            !ok)
            return ok;
    }
    return Status::success();
}

Product productFromRow(const QSqlQuery &row, const QString &currency)
{
    Product product;
    product.id = row.value(0).toLongLong();
    if (!row.value(1).isNull())
        product.vendorId = row.value(1).toLongLong();
    if (!row.value(2).isNull())
        product.categoryId = row.value(2).toLongLong();
    product.name = row.value(3).toString();
    product.slug = row.value(4).toString();
    product.description = row.value(5).toString();
    product.brand = row.value(6).toString();
    product.status = productStatusFromName(row.value(7).toString()).value_or(ProductStatus::Inactive);
    product.taxClass = row.value(8).toString();
    product.attributes = parseJsonObject(row.value(9).toString());
    product.minPrice = Money::fromMinorUnits(row.value(10).toLongLong(), currency).value_or(Money());
    product.averageRatingHundredths = row.value(11).toInt();
    product.reviewCount = row.value(12).toInt();
    product.version = row.value(13).toInt();
    product.createdAt = row.value(14).toDateTime().toUTC();
    product.updatedAt = row.value(15).toDateTime().toUTC();
    return product;
}

std::optional<Money> optionalMoney(const QVariant &value, const QString &currency)
{
    if (value.isNull())
        return std::nullopt;
    return Money::fromMinorUnits(value.toLongLong(), currency);
}

Variant variantFromRow(const QSqlQuery &row, const QString &currency)
{
    Variant variant;
    variant.id = row.value(0).toLongLong();
    variant.productId = row.value(1).toLongLong();
    variant.sku = row.value(2).toString();
    variant.barcode = row.value(3).toString();
    variant.options = parseJsonObject(row.value(4).toString());
    variant.price = Money::fromMinorUnits(row.value(5).toLongLong(), currency).value_or(Money());
    variant.compareAt = optionalMoney(row.value(6), currency);
    variant.cost = optionalMoney(row.value(7), currency);
    if (!row.value(8).isNull())
        variant.weightGrams = row.value(8).toInt();
    variant.isActive = row.value(9).toInt() != 0;
    variant.position = row.value(10).toInt();
    return variant;
}

// The product's owner and version, checked against the actor's scope. Another
// vendor's product is reported as missing, so vendors cannot probe ids.
struct ProductHead {
    std::optional<qint64> vendorId;
    int version = 0;
    QString name;
    ProductStatus status = ProductStatus::Active;
};

Result<ProductHead> headInScope(Connection &connection, const Scope &scope, qint64 productId)
{
    Result<QSqlQuery> row =
        connection.exec(u"SELECT vendor_id, version, name, status FROM products WHERE id = ?"_s, {productId});
    if (!row)
        return row.error();
    if (!row.value().next())
        return notFound(productId);
    ProductHead head;
    if (!row.value().value(0).isNull())
        head.vendorId = row.value().value(0).toLongLong();
    head.version = row.value().value(1).toInt();
    head.name = row.value().value(2).toString();
    head.status = productStatusFromName(row.value().value(3).toString()).value_or(ProductStatus::Inactive);
    if (scope.vendorId && head.vendorId != scope.vendorId)
        return notFound(productId);
    return head;
}

// Vendors create and keep products under their own vendor only.
Status applyScope(const Scope &scope, CleanDraft &draft)
{
    if (!scope.vendorId)
        return Status::success();
    if (draft.vendorId && draft.vendorId != scope.vendorId)
        return Error::make(ErrorCode::PermissionDenied,
                           QCoreApplication::translate("ProductService", "Vendors may manage only their own products."));
    draft.vendorId = scope.vendorId;
    return Status::success();
}

// The ledger keeps its variants (stock movements, receipts and reservations
// have no ON DELETE CASCADE): say so instead of a foreign-key error.
Status refuseIfStocked(Connection &connection, const QString &variantCondition, qint64 id)
{
    Result<QSqlQuery> stocked = connection.exec(
        u"SELECT p.name, v.sku FROM product_variants v JOIN products p ON p.id = v.product_id WHERE "_s
            + variantCondition
            + u" AND EXISTS (SELECT 1 FROM stock_movements m WHERE m.variant_id = v.id) ORDER BY v.id LIMIT 1"_s,
        {id});
    if (!stocked)
        return stocked.error();
    if (!stocked.value().next())
        return Status::success();
    return Error::make(ErrorCode::Conflict,
                       QCoreApplication::translate("ProductService", "%1 (SKU %2) has stock movements and cannot be "
                                                                     "removed. Set the variant inactive or "
                                                                     "discontinue the product instead.")
                           .arg(stocked.value().value(0).toString(), stocked.value().value(1).toString()));
}

Status audit(Connection &connection, const Session &actor, const QString &action, const QString &subject,
             const QJsonObject &details)
{
    return AuditLog::appendInTransaction(connection, AuditEntry::by(actor, action, subject, details));
}

QString productSubject(qint64 productId)
{
    return u"product:%1"_s.arg(productId);
}

Result<Product> createWithScope(Connection &connection, const Session &actor, const Scope &scope,
                                const ProductDraft &draft)
{
    Error error;
    const QString currency = currencyOf(connection, &error);
    if (currency.isEmpty())
        return error;
    Result<CleanDraft> cleaned = validateDraft(draft, currency);
    if (!cleaned)
        return cleaned.error();
    CleanDraft clean = cleaned.value();
    for (const CleanVariant &variant : std::as_const(clean.variants))
        if (variant.id != 0)
            return invalid(QCoreApplication::translate("ProductService", "A new product cannot take over variants of "
                                                                         "another product."));
    if (Status ok = applyScope(scope, clean); !ok)
        return ok.error();
    if (Status ok = validateReferences(connection, clean, 0); !ok)
        return ok.error();
    Result<QString> slug = freeSlug(connection, clean.slug.isEmpty() ? Slug::fromName(clean.name) : clean.slug, 0);
    if (!slug)
        return slug.error();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    Result<qint64> id = connection.insert(
        u"INSERT INTO products (vendor_id, category_id, name, slug, description, brand, status, tax_class, "
        "attributes, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"_s,
        {nullable(clean.vendorId), nullable(clean.categoryId), clean.name, slug.value(), clean.description,
         clean.brand, productStatusName(clean.status), clean.taxClass, clean.attributes, now, now});
    if (!id)
        return id.error();
    for (qsizetype i = 0; i < clean.variants.size(); ++i)
        if (Status ok = writeVariant(connection, id.value(), clean.variants[i], int(i), now); !ok)
            return ok.error();
    if (Status ok = refreshMinPrice(connection, {id.value()}); !ok)
        return ok.error();
    if (Status ok = ChangeLog::recordInTransaction(connection, ChangeTopic::Products, {id.value()}); !ok)
        return ok.error();
    QJsonObject details{{u"name"_s, clean.name}, {u"variants"_s, int(clean.variants.size())}};
    if (clean.vendorId)
        details.insert(u"vendor_id"_s, QString::number(*clean.vendorId));
    if (Status ok = audit(connection, actor, u"product.created"_s, productSubject(id.value()), details); !ok)
        return ok.error();
    return ProductService::getInTransaction(connection, id.value());
}

} // namespace

ProductService::ProductService(std::shared_ptr<Database> database) : m_database(std::move(database)) {}

QString ProductService::optionKey(const QJsonObject &options)
{
    QList<std::pair<QString, QString>> pairs;
    for (auto it = options.begin(); it != options.end(); ++it)
        pairs.append({it.key().trimmed().toCaseFolded(), it.value().toString().trimmed().toCaseFolded()});
    std::sort(pairs.begin(), pairs.end());
    if (pairs.isEmpty())
        return u""_s; // not null: the column is NOT NULL
    QJsonArray array;
    for (const auto &[name, value] : std::as_const(pairs))
        array.append(QJsonArray{name, value});
    return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
}

QString ProductService::skuProblem(const QString &sku)
{
    if (sku.isEmpty())
        return QCoreApplication::translate("ProductService", "enter a SKU.");
    if (sku.size() > kMaxSkuLength)
        return QCoreApplication::translate("ProductService", "a SKU may have at most %1 characters.").arg(kMaxSkuLength);
    // Printable ASCII only: SKUs are typed at registers and printed on labels,
    // and case-insensitive uniqueness (upper()) then means the same on SQLite
    // and PostgreSQL.
    for (QChar c : sku)
        if (c.unicode() <= 0x20 || c.unicode() >= 0x7f)
            return QCoreApplication::translate("ProductService", "the SKU \"%1\" may contain only letters A-Z, digits "
                                                                 "and punctuation, without spaces.")
                .arg(sku);
    return {};
}

Result<ProductService::CheckedDraft> ProductService::checkDraft(const ProductDraft &draft, const QString &currency)
{
    return validateDraft(draft, currency);
}

qint64 ProductService::minPriceCents(const QList<CheckedVariant> &variants)
{
    std::optional<qint64> active;
    std::optional<qint64> any;
    for (const CheckedVariant &variant : variants) {
        const qint64 cents = variant.price.minorUnits();
        any = any ? std::min(*any, cents) : cents;
        if (variant.isActive)
            active = active ? std::min(*active, cents) : cents;
    }
    return active.value_or(any.value_or(0));
}

Result<std::optional<qint64>> ProductService::findBySlugInTransaction(Connection &connection, const QString &slug)
{
    Result<QVariant> id = connection.scalar(u"SELECT id FROM products WHERE slug = ?"_s, {slug});
    if (!id)
        return id.error();
    if (id.value().isNull())
        return std::optional<qint64>();
    return std::optional<qint64>(id.value().toLongLong());
}

Result<std::optional<ProductService::VariantRef>> ProductService::findVariantBySkuInTransaction(Connection &connection,
                                                                                               const QString &sku)
{
    Result<QSqlQuery> row = connection.exec(
        u"SELECT id, product_id, sku FROM product_variants WHERE upper(sku) = upper(?)"_s, {sku.trimmed()});
    if (!row)
        return row.error();
    if (!row.value().next())
        return std::optional<VariantRef>();
    return std::optional<VariantRef>(VariantRef{row.value().value(0).toLongLong(), row.value().value(1).toLongLong(),
                                                row.value().value(2).toString()});
}

Result<Product> ProductService::getInTransaction(Connection &connection, qint64 productId)
{
    Error error;
    const QString currency = currencyOf(connection, &error);
    if (currency.isEmpty())
        return error;
    Result<QSqlQuery> row =
        connection.exec(u"SELECT "_s + kProductColumns + u" FROM products WHERE id = ?"_s, {productId});
    if (!row)
        return row.error();
    if (!row.value().next())
        return notFound(productId);
    Product product = productFromRow(row.value(), currency);
    Result<QSqlQuery> variants = connection.exec(
        u"SELECT "_s + kVariantColumns + u" FROM product_variants WHERE product_id = ? ORDER BY position, id"_s,
        {productId});
    if (!variants)
        return variants.error();
    while (variants.value().next())
        product.variants.append(variantFromRow(variants.value(), currency));
    return product;
}

Result<Product> ProductService::createInTransaction(Connection &connection, const Session &actor,
                                                   const ProductDraft &draft)
{
    // Trusted callers (import, demo) may act as the system; a signed-in
    // actor is still held to its own scope.
    Scope scope;
    if (!actor.isSystem()) {
        Result<Scope> allowed = CatalogScope::toManage(actor);
        if (!allowed)
            return allowed.error();
        scope = allowed.value();
    }
    return createWithScope(connection, actor, scope, draft);
}

QFuture<Result<Product>> ProductService::create(const Session &actor, const ProductDraft &draft)
{
    Result<Scope> scope = CatalogScope::toManage(actor);
    if (!scope)
        return QtFuture::makeReadyFuture(Result<Product>(scope.error()));
    return m_database->write([actor, scope = scope.value(), draft](Connection &connection) {
        return createWithScope(connection, actor, scope, draft);
    });
}

QFuture<Result<Product>> ProductService::get(const Session &actor, qint64 productId)
{
    Result<Scope> scope = CatalogScope::toView(actor);
    if (!scope)
        return QtFuture::makeReadyFuture(Result<Product>(scope.error()));
    return m_database->read([scope = scope.value(), productId](Connection &connection) -> Result<Product> {
        Result<ProductHead> head = headInScope(connection, scope, productId);
        if (!head)
            return head.error();
        return getInTransaction(connection, productId);
    });
}

QFuture<Result<QList<Product>>> ProductService::page(const Session &actor, const ProductQuery &query)
{
    Result<Scope> scope = CatalogScope::toView(actor);
    if (!scope)
        return QtFuture::makeReadyFuture(Result<QList<Product>>(scope.error()));
    return m_database->read([scope = scope.value(), query](Connection &connection) -> Result<QList<Product>> {
        Error error;
        const QString currency = currencyOf(connection, &error);
        if (currency.isEmpty())
            return error;
        QString where = u" WHERE id > ?"_s;
        QVariantList values{query.afterId};
        // A vendor's own scope always wins over what the query asks for.
        const std::optional<qint64> vendor = scope.vendorId ? scope.vendorId : query.vendorId;
        if (vendor) {
            where += u" AND vendor_id = ?"_s;
            values << *vendor;
        }
        if (query.categoryId) {
            where += u" AND category_id = ?"_s;
            values << *query.categoryId;
        }
        if (query.status) {
            where += u" AND status = ?"_s;
            values << productStatusName(*query.status);
        }
        const int limit = std::clamp(query.limit, 1, 1000);
        Result<QSqlQuery> rows = connection.exec(
            u"SELECT "_s + kProductColumns + u" FROM products"_s + where + u" ORDER BY id LIMIT %1"_s.arg(limit), values);
        if (!rows)
            return rows.error();
        QList<Product> products;
        while (rows.value().next())
            products.append(productFromRow(rows.value(), currency));
        return products;
    });
}

namespace {

// The version check is skipped without expectedVersion (an import replaces
// the product with what the file says).
Result<Product> updateWithScope(Connection &connection, const Session &actor, const Scope &scope, qint64 productId,
                                std::optional<int> expectedVersion, const ProductDraft &draft)
{
    Result<ProductHead> head = headInScope(connection, scope, productId);
    if (!head)
        return head.error();
    const Error stale = Error::make(ErrorCode::Conflict,
                                    QCoreApplication::translate("ProductService", "Someone else changed \"%1\" "
                                                                                  "after you opened it. Reopen the "
                                                                                  "product to see their changes, "
                                                                                  "then make yours again.")
                                        .arg(head->name));
    if (expectedVersion && head->version != *expectedVersion)
        return stale;
    Error error;
    const QString currency = currencyOf(connection, &error);
    if (currency.isEmpty())
        return error;
    Result<CleanDraft> cleaned = validateDraft(draft, currency);
    if (!cleaned)
        return cleaned.error();
    CleanDraft clean = cleaned.value();
    if (Status ok = applyScope(scope, clean); !ok)
        return ok.error();
    if (Status ok = validateReferences(connection, clean, productId); !ok)
        return ok.error();

    Result<QSqlQuery> existing =
        connection.exec(u"SELECT id FROM product_variants WHERE product_id = ?"_s, {productId});
    if (!existing)
        return existing.error();
    QSet<qint64> existingIds;
    while (existing.value().next())
        existingIds.insert(existing.value().value(0).toLongLong());
    QSet<qint64> keptIds;
    for (const CleanVariant &variant : std::as_const(clean.variants)) {
        if (variant.id == 0)
            continue;
        if (!existingIds.contains(variant.id))
            return invalid(QCoreApplication::translate("ProductService", "The variant %1 does not belong to this "
                                                                         "product. Reopen the product.")
                               .arg(variant.sku));
        keptIds.insert(variant.id);
    }
    for (qint64 id : std::as_const(existingIds))
        if (!keptIds.contains(id))
            if (Status ok = refuseIfStocked(connection, u"v.id = ?"_s, id); !ok)
                return ok.error();

    QString slug;
    if (!clean.slug.isEmpty()) {
        Result<QVariant> taken = connection.scalar(u"SELECT id FROM products WHERE slug = ? AND id <> ?"_s,
                                                   {clean.slug, productId});
        if (!taken)
            return taken.error();
        if (!taken.value().isNull())
            return Error::make(ErrorCode::Conflict,
                               QCoreApplication::translate("ProductService", "Another product already has the web "
                                                                             "name \"%1\". Choose another one.")
                                   .arg(clean.slug));
        slug = clean.slug;
    }

    // The version condition makes the check and the write one step: of
    // two editors who started from the same version only the first
    // succeeds, also on PostgreSQL where the second waits for the row lock
    // and then finds the version moved on.
    const QDateTime now = QDateTime::currentDateTimeUtc();
    Result<QSqlQuery> updated = connection.exec(
        u"UPDATE products SET vendor_id = ?, category_id = ?, name = ?, slug = COALESCE(?, slug), description = ?, "
        "brand = ?, status = ?, tax_class = ?, attributes = ?, version = version + 1, updated_at = ? "
        "WHERE id = ? AND version = ?"_s,
        {nullable(clean.vendorId), nullable(clean.categoryId), clean.name,
         slug.isEmpty() ? QVariant(QMetaType::fromType<QString>(), nullptr) : QVariant(slug), clean.description,
         clean.brand, productStatusName(clean.status), clean.taxClass, clean.attributes, now, productId,
         head->version});
    if (!updated)
        return updated.error();
    if (updated.value().numRowsAffected() != 1)
        return stale;

    for (qint64 id : std::as_const(existingIds))
        if (!keptIds.contains(id))
            if (Status ok = connection.run(u"DELETE FROM product_variants WHERE id = ?"_s, {id}); !ok)
                return ok.error();
    // Variants that swap SKUs or option combinations would collide with
    // the unique indexes half-way; park the kept ones on unique
    // placeholders first (rolled back with everything on failure).
    for (qint64 id : std::as_const(keptIds))
        if (Status ok = connection.run(u"UPDATE product_variants SET sku = ?, option_key = ?, barcode = NULL "
                                       "WHERE id = ?"_s,
                                       {u"\x01parked-%1"_s.arg(id), u"\x01parked-%1"_s.arg(id), id});
            !ok)
            return ok.error();
    for (qsizetype i = 0; i < clean.variants.size(); ++i)
        if (Status ok = writeVariant(connection, productId, clean.variants[i], int(i), now); !ok)
            return ok.error();
    if (Status ok = refreshMinPrice(connection, {productId}); !ok)
        return ok.error();
    if (Status ok = ChangeLog::recordInTransaction(connection, ChangeTopic::Products, {productId}); !ok)
        return ok.error();
    if (Status ok = audit(connection, actor, u"product.updated"_s, productSubject(productId),
                          {{u"name"_s, clean.name},
                           {u"version"_s, head->version + 1},
                           {u"variants"_s, int(clean.variants.size())}});
        !ok)
        return ok.error();
    return ProductService::getInTransaction(connection, productId);
}

} // namespace

QFuture<Result<Product>> ProductService::update(const Session &actor, qint64 productId, int expectedVersion,
                                                const ProductDraft &draft)
{
    Result<Scope> scope = CatalogScope::toManage(actor);
    if (!scope)
        return QtFuture::makeReadyFuture(Result<Product>(scope.error()));
    return m_database->write([actor, scope = scope.value(), productId, expectedVersion,
                              draft](Connection &connection) -> Result<Product> {
        return updateWithScope(connection, actor, scope, productId, expectedVersion, draft);
    });
}

Result<Product> ProductService::updateInTransaction(Connection &connection, const Session &actor, qint64 productId,
                                                   const ProductDraft &draft, std::optional<int> expectedVersion)
{
    Scope scope;
    if (!actor.isSystem()) {
        Result<Scope> allowed = CatalogScope::toManage(actor);
        if (!allowed)
            return allowed.error();
        scope = allowed.value();
    }
    return updateWithScope(connection, actor, scope, productId, expectedVersion, draft);
}

QFuture<Status> ProductService::setStatus(const Session &actor, qint64 productId, ProductStatus status)
{
    Result<Scope> scope = CatalogScope::toManage(actor);
    if (!scope)
        return QtFuture::makeReadyFuture(Status(scope.error()));
    return m_database->write([actor, scope = scope.value(), productId, status](Connection &connection) -> Status {
        Result<ProductHead> head = headInScope(connection, scope, productId);
        if (!head)
            return head.error();
        if (head->status == status)
            return Status::success();
        if (Status ok = connection.run(u"UPDATE products SET status = ?, version = version + 1, updated_at = ? "
                                       "WHERE id = ?"_s,
                                       {productStatusName(status), QDateTime::currentDateTimeUtc(), productId});
            !ok)
            return ok;
        if (Status ok = ChangeLog::recordInTransaction(connection, ChangeTopic::Products, {productId}); !ok)
            return ok;
        return audit(connection, actor, u"product.status_changed"_s, productSubject(productId),
                     {{u"from"_s, productStatusName(head->status)}, {u"to"_s, productStatusName(status)}});
    });
}

QFuture<Status> ProductService::remove(const Session &actor, qint64 productId)
{
    Result<Scope> scope = CatalogScope::toManage(actor);
    if (!scope)
        return QtFuture::makeReadyFuture(Status(scope.error()));
    return m_database->write([actor, scope = scope.value(), productId](Connection &connection) -> Status {
        Result<ProductHead> head = headInScope(connection, scope, productId);
        if (!head)
            return head.error();
        // Variants and images go with it (ON DELETE CASCADE). Once sales
        // exist, their foreign keys refuse this and the product is
        // discontinued instead.
        if (Status ok = refuseIfStocked(connection, u"v.product_id = ?"_s, productId); !ok)
            return ok;
        if (Status ok = connection.run(u"DELETE FROM products WHERE id = ?"_s, {productId}); !ok)
            return ok;
        if (Status ok = ChangeLog::recordInTransaction(connection, ChangeTopic::Products, {productId}); !ok)
            return ok;
        return audit(connection, actor, u"product.deleted"_s, productSubject(productId), {{u"name"_s, head->name}});
    });
}

QFuture<Result<int>> ProductService::bulkEdit(const Session &actor, const BulkEdit &edit)
{
    Result<Scope> scope = CatalogScope::toManage(actor);
    if (!scope)
        return QtFuture::makeReadyFuture(Result<int>(scope.error()));
    return m_database->write([actor, scope = scope.value(), edit](Connection &connection) -> Result<int> {
        QList<qint64> ids = edit.productIds;
        std::sort(ids.begin(), ids.end());
        ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
        if (ids.isEmpty())
            return invalid(QCoreApplication::translate("ProductService", "Select at least one product."));

        // Every product must exist and be the actor's to change; otherwise
        // nothing is changed.
        qsizetype found = 0;
        for (qsizetype start = 0; start < ids.size(); start += kIdChunk) {
            const QList<qint64> chunk = ids.mid(start, kIdChunk);
            QVariantList values;
            for (qint64 id : chunk)
                values.append(id);
            QString sql = u"SELECT COUNT(*) FROM products WHERE id IN ("_s + placeholders(chunk.size()) + u')';
            if (scope.vendorId) {
                sql += u" AND vendor_id = ?"_s;
                values.append(*scope.vendorId);
            }
            Result<QVariant> count = connection.scalar(sql, values);
            if (!count)
                return count.error();
            found += count.value().toLongLong();
        }
        if (found != ids.size())
            return Error::make(ErrorCode::NotFound,
                               QCoreApplication::translate("ProductService", "%n of the selected products no longer "
                                                                             "exist or belong to another vendor. Nothing "
                                                                             "was changed; refresh the list and select "
                                                                             "again.",
                                                           nullptr, int(ids.size() - found)));

        Error error;
        const QString currency = currencyOf(connection, &error);
        if (currency.isEmpty())
            return error;
        const QDateTime now = QDateTime::currentDateTimeUtc();
        QJsonObject details{{u"products"_s, int(ids.size())}};

        switch (edit.kind) {
        case BulkEdit::Kind::PricePercent:
        case BulkEdit::Kind::PriceAmount: {
            std::optional<Money> amount;
            if (edit.kind == BulkEdit::Kind::PricePercent) {
                if (edit.percentBasisPoints < -Money::kBasisPointsPerWhole)
                    return invalid(QCoreApplication::translate("ProductService", "A price cannot be lowered by more "
                                                                                 "than 100 %."));
                details.insert(u"kind"_s, u"price_percent"_s);
                details.insert(u"basis_points"_s, edit.percentBasisPoints);
            } else {
                amount = parseAmount(edit.amount, currency);
                if (!amount)
                    return invalid(QCoreApplication::translate("ProductService", "\"%1\" is not an amount. Enter it "
                                                                                 "like 5.00 or -5.00.")
                                       .arg(edit.amount.trimmed()));
                details.insert(u"kind"_s, u"price_amount"_s);
                details.insert(u"amount"_s, amount->toDecimalString());
            }
            for (qsizetype start = 0; start < ids.size(); start += kIdChunk) {
                const QList<qint64> chunk = ids.mid(start, kIdChunk);
                QVariantList values;
                for (qint64 id : chunk)
                    values.append(id);
                Result<QSqlQuery> rows = connection.exec(
                    u"SELECT id, sku, price_cents FROM product_variants WHERE product_id IN ("_s
                        + placeholders(chunk.size()) + u") ORDER BY id"_s,
                    values);
                if (!rows)
                    return rows.error();
                QList<std::pair<qint64, qint64>> newPrices;
                while (rows.value().next()) {
                    const Money price(rows.value().value(2).toLongLong(), currency);
                    // Percent: price × (1 + rate), rounded half away from zero
                    // in one step (19.99 +10 % = 21.989 -> 21.99).
                    std::optional<Money> changed =
                        amount ? price.checkedAdd(*amount)
                               : price.checkedScaled(Money::kBasisPointsPerWhole + edit.percentBasisPoints,
                                                     Money::kBasisPointsPerWhole);
                    if (!changed)
                        return invalid(QCoreApplication::translate("ProductService", "The new price of %1 is too large.")
                                           .arg(rows.value().value(1).toString()));
                    if (changed->isNegative() && amount)
                        return invalid(QCoreApplication::translate("ProductService", "This change would take the price "
                                                                                     "of %1 below zero (%2 %3 %4). "
                                                                                     "Nothing was changed; choose a "
                                                                                     "smaller amount or fewer "
                                                                                     "products.")
                                           .arg(rows.value().value(1).toString(), price.toDecimalString(),
                                                amount->isNegative() ? u"−"_s : u"+"_s,
                                                amount->abs().toDecimalString()));
                    newPrices.append({rows.value().value(0).toLongLong(), changed->minorUnits()});
                }
                for (const auto &[variantId, cents] : std::as_const(newPrices))
                    if (Status ok = connection.run(
                            u"UPDATE product_variants SET price_cents = ?, updated_at = ? WHERE id = ?"_s,
                            {cents, now, variantId});
                        !ok)
                        return ok.error();
            }
            if (Status ok = refreshMinPrice(connection, ids); !ok)
                return ok.error();
            break;
        }
        case BulkEdit::Kind::MoveToCategory:
            if (edit.categoryId) {
                if (Result<Category> category = CategoryService::getInTransaction(connection, *edit.categoryId);
                    !category)
                    return invalid(QCoreApplication::translate("ProductService", "The chosen category does not exist "
                                                                                 "(number %1). Choose another one.")
                                       .arg(*edit.categoryId));
            }
            details.insert(u"kind"_s, u"category"_s);
            details.insert(u"category_id"_s, edit.categoryId ? QJsonValue(QString::number(*edit.categoryId))
                                                             : QJsonValue());
            break;
        case BulkEdit::Kind::SetStatus:
            details.insert(u"kind"_s, u"status"_s);
            details.insert(u"status"_s, productStatusName(edit.status));
            break;
        }

        // Every changed product moves to a new version, so an editor still
        // open on one of them cannot overwrite the bulk change unnoticed.
        for (qsizetype start = 0; start < ids.size(); start += kIdChunk) {
            const QList<qint64> chunk = ids.mid(start, kIdChunk);
            QString set = u"version = version + 1, updated_at = ?"_s;
            QVariantList values{now};
            if (edit.kind == BulkEdit::Kind::MoveToCategory) {
                set += u", category_id = ?"_s;
                values.append(nullable(edit.categoryId));
            } else if (edit.kind == BulkEdit::Kind::SetStatus) {
                set += u", status = ?"_s;
                values.append(productStatusName(edit.status));
            }
            for (qint64 id : chunk)
                values.append(id);
            if (Status ok = connection.run(u"UPDATE products SET "_s + set + u" WHERE id IN ("_s
                                               + placeholders(chunk.size()) + u')',
                                           values);
                !ok)
                return ok.error();
        }
        // Ids listed only for small selections; the count is always there.
        constexpr qsizetype kMaxAuditedIds = 50;
        if (ids.size() <= kMaxAuditedIds) {
            QJsonArray list;
            for (qint64 id : std::as_const(ids))
                list.append(QString::number(id));
            details.insert(u"ids"_s, list);
        }
        if (Status ok = audit(connection, actor, u"product.bulk_edited"_s, u"products"_s, details); !ok)
            return ok.error();
        if (Status ok = ChangeLog::recordInTransaction(connection, ChangeTopic::Products, ids); !ok)
            return ok.error();
        return int(ids.size());
    });
}

} // namespace sk
