#include "catalog/ProductExport.h"

#include "catalog/CatalogScope.h"
#include "catalog/CsvWriter.h"
#include "catalog/ProductStatus.h"
#include "core/Money.h"
#include "db/Database.h"
#include "shop/SettingsService.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

using Field = ProductCsvFormat::Field;
using Kind = ProductCsvFormat::Kind;

struct ExportVariant {
    QString sku;
    QString barcode;
    QJsonObject options;
    QString price;
    QString compareAt;
    QString cost;
    QString weight;
    bool isActive = true;
};

struct ExportImage {
    QString sourceUrl;
    QString altText;
};

QString amountText(const QVariant &cents, const QString &currency)
{
    if (cents.isNull())
        return {};
    const std::optional<Money> money = Money::fromMinorUnits(cents.toLongLong(), currency);
    return money ? money->toDecimalString() : QString();
}

QString shopifyStatus(ProductStatus status)
{
    switch (status) {
    case ProductStatus::Active:
    case ProductStatus::OutOfStock:
        return u"active"_s;
    case ProductStatus::Inactive:
        return u"draft"_s;
    case ProductStatus::Discontinued:
        return u"archived"_s;
    }
    return u"draft"_s;
}

class Exporter {
    Q_DECLARE_TR_FUNCTIONS(ProductExport)

public:
    Exporter(Connection &connection, const ProductExportOptions &options)
        : m_connection(connection), m_options(options), m_format(options.format)
    {
    }

    Result<ProductExportSummary> run(const CatalogScope &scope, const QString &path);

private:
    Status loadNames();
    QString categoryPath(qint64 id);
    bool writeProduct(CsvWriter &writer, const QStringList &head, const QList<ExportVariant> &variants,
                      const QList<ExportImage> &images);

    Connection &m_connection;
    ProductExportOptions m_options;
    ProductCsvFormat m_format;
    QString m_currency;
    QHash<qint64, QString> m_vendors;
    QHash<qint64, std::pair<qint64, QString>> m_categories; // id -> (parent or 0, name)
    QHash<qint64, QString> m_paths;
    ProductExportSummary m_summary;
    QStringList m_header;
    QList<Field> m_columns; // the field of each header column
};

Status Exporter::loadNames()
{
    Result<ShopSettings> settings = SettingsService::loadInTransaction(m_connection);
    if (!settings)
        return settings.error();
    m_currency = settings->currency;
    Result<QSqlQuery> vendors = m_connection.exec(u"SELECT id, name FROM vendors"_s);
    if (!vendors)
        return vendors.error();
    while (vendors.value().next())
        m_vendors.insert(vendors.value().value(0).toLongLong(), vendors.value().value(1).toString());
    Result<QSqlQuery> categories = m_connection.exec(u"SELECT id, parent_id, name FROM categories"_s);
    if (!categories)
        return categories.error();
    while (categories.value().next())
        m_categories.insert(categories.value().value(0).toLongLong(),
                            {categories.value().value(1).toLongLong(), categories.value().value(2).toString()});
    return Status::success();
}

// "Clothing > Men > Shirts", the form the import reads back.
QString Exporter::categoryPath(qint64 id)
{
    if (const auto it = m_paths.constFind(id); it != m_paths.cend())
        return it.value();
    QStringList names;
    qint64 current = id;
    // The tree has no cycles (CategoryService refuses them); the bound only
    // guards against a damaged database.
    for (int depth = 0; current != 0 && depth < 100; ++depth) {
        const auto node = m_categories.constFind(current);
        if (node == m_categories.cend())
            break;
        names.prepend(node->second);
        current = node->first;
    }
    const QString path = names.join(u" > "_s);
    m_paths.insert(id, path);
    return path;
}

bool Exporter::writeProduct(CsvWriter &writer, const QStringList &head, const QList<ExportVariant> &variants,
                            const QList<ExportImage> &images)
{
    // head: the product's fields by Field index (the first row only).
    const qsizetype rows = std::max(variants.size(), images.size());
    QStringList optionNames;
    if (!variants.isEmpty())
        optionNames = variants.constFirst().options.keys();
    for (qsizetype r = 0; r < rows; ++r) {
        std::array<QString, ProductCsvFormat::kFieldCount> values;
        values[size_t(Field::Handle)] = head[int(Field::Handle)];
        if (r == 0)
            for (int f = 0; f < ProductCsvFormat::kFieldCount; ++f)
                if (!head[f].isEmpty())
                    values[size_t(f)] = head[f];
        if (r < variants.size()) {
            const ExportVariant &variant = variants[r];
            values[size_t(Field::Sku)] = variant.sku;
            values[size_t(Field::Barcode)] = variant.barcode;
            for (qsizetype i = 0; i < optionNames.size() && i < ProductCsvFormat::kMaxOptions; ++i) {
                if (r == 0)
                    values[size_t(ProductCsvFormat::optionName(int(i)))] = optionNames[i];
                values[size_t(ProductCsvFormat::optionValue(int(i)))] = variant.options.value(optionNames[i]).toString();
            }
            if (r == 0 && optionNames.isEmpty() && m_format.kind() == Kind::Shopify) {
                values[size_t(Field::Option1Name)] = u"Title"_s;
                values[size_t(Field::Option1Value)] = u"Default Title"_s;
            }
            values[size_t(Field::Price)] = variant.price;
            values[size_t(Field::CompareAtPrice)] = variant.compareAt;
            values[size_t(Field::Cost)] = variant.cost;
            values[size_t(Field::WeightGrams)] = variant.weight;
            values[size_t(Field::VariantActive)] = variant.isActive ? u"true"_s : u"false"_s;
        }
        if (r < images.size()) {
            values[size_t(Field::ImageSrc)] = images[r].sourceUrl;
            values[size_t(Field::ImagePosition)] = QString::number(r + 1);
            values[size_t(Field::ImageAlt)] = images[r].altText;
        }
        QStringList fields;
        fields.reserve(m_columns.size());
        for (Field field : std::as_const(m_columns))
            fields.append(values[size_t(field)]);
        if (!writer.writeRecord(fields))
            return false;
    }
    return true;
}

Result<ProductExportSummary> Exporter::run(const CatalogScope &scope, const QString &path)
{
    if (Status ok = loadNames(); !ok)
        return ok.error();
    QString countSql = u"SELECT COUNT(*) FROM products"_s;
    QVariantList countValues;
    if (scope.vendorId) {
        countSql += u" WHERE vendor_id = ?"_s;
        countValues.append(*scope.vendorId);
    }
    Result<QVariant> total = m_connection.scalar(countSql, countValues);
    if (!total)
        return total.error();

    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Error::make(ErrorCode::InvalidInput,
                           tr("The file %1 cannot be written. Choose a folder you may write to.").arg(path));
    CsvWriter writer(&file);
    m_header = m_format.header();
    for (const QString &name : std::as_const(m_header))
        for (int f = 0; f < ProductCsvFormat::kFieldCount; ++f)
            if (m_format.columnName(Field(f)) == name)
                m_columns.append(Field(f));
    auto writeFailed = [&] {
        return Error::make(ErrorCode::Unavailable,
                           tr("Writing %1 failed: %2 Nothing was exported; check the disk and try again.")
                               .arg(path, writer.errorString()));
    };
    if (!writer.writeHeader(m_header))
        return writeFailed();

    qint64 afterId = 0;
    qint64 imagesWithoutAddress = 0;
    for (;;) {
        if (m_options.cancel && m_options.cancel->load(std::memory_order_relaxed))
            return Error::make(ErrorCode::Cancelled, tr("The export was cancelled; no file was written."));
        QString sql = u"SELECT id, vendor_id, category_id, name, slug, description, brand, status, tax_class, "
                      "attributes FROM products WHERE id > ?"_s;
        QVariantList values{afterId};
        if (scope.vendorId) {
            sql += u" AND vendor_id = ?"_s;
            values.append(*scope.vendorId);
        }
        sql += u" ORDER BY id LIMIT %1"_s.arg(ProductExport::kPageSize);
        Result<QSqlQuery> products = m_connection.exec(sql, values);
        if (!products)
            return products.error();
        QList<QStringList> heads;
        QList<qint64> ids;
        while (products.value().next()) {
            const QSqlQuery &row = products.value();
            QStringList head(ProductCsvFormat::kFieldCount);
            ids.append(row.value(0).toLongLong());
            head[int(Field::Handle)] = row.value(4).toString();
            head[int(Field::Name)] = row.value(3).toString();
            head[int(Field::Description)] = row.value(5).toString();
            head[int(Field::Brand)] = row.value(6).toString();
            if (!row.value(1).isNull())
                head[int(Field::Vendor)] = m_vendors.value(row.value(1).toLongLong());
            if (!row.value(2).isNull())
                head[int(Field::Category)] = categoryPath(row.value(2).toLongLong());
            const ProductStatus status =
                productStatusFromName(row.value(7).toString()).value_or(ProductStatus::Inactive);
            head[int(Field::TaxClass)] = row.value(8).toString();
            QJsonObject attributes = QJsonDocument::fromJson(row.value(9).toString().toUtf8()).object();
            if (m_format.kind() == Kind::Shopify) {
                head[int(Field::Status)] = shopifyStatus(status);
                head[int(Field::ExactStatus)] = productStatusName(status);
                head[int(Field::Published)] = status == ProductStatus::Active ? u"TRUE"_s : u"FALSE"_s;
                // Shopify's own Type and Tags columns carry these two when
                // they are text; anything else stays in the JSON.
                for (const auto &[key, field] : {std::pair{u"type"_s, Field::Type}, std::pair{u"tags"_s, Field::Tags}})
                    if (attributes.value(key).isString() && !attributes.value(key).toString().isEmpty()) {
                        head[int(field)] = attributes.take(key).toString();
                    }
            } else {
                head[int(Field::Status)] = productStatusName(status);
            }
            head[int(Field::Attributes)] =
                attributes.isEmpty() ? QString()
                                     : QString::fromUtf8(QJsonDocument(attributes).toJson(QJsonDocument::Compact));
            heads.append(head);
        }
        products.value().finish();
        if (ids.isEmpty())
            break;
        afterId = ids.constLast();

        QHash<qint64, QList<ExportVariant>> variants;
        Result<QSqlQuery> variantRows = m_connection.exec(
            u"SELECT product_id, sku, barcode, options, price_cents, compare_at_cents, cost_cents, weight_grams, "
            "is_active FROM product_variants WHERE product_id BETWEEN ? AND ? ORDER BY product_id, position, id"_s,
            {ids.constFirst(), ids.constLast()});
        if (!variantRows)
            return variantRows.error();
        while (variantRows.value().next()) {
            const QSqlQuery &row = variantRows.value();
            ExportVariant variant;
            variant.sku = row.value(1).toString();
            variant.barcode = row.value(2).toString();
            variant.options = QJsonDocument::fromJson(row.value(3).toString().toUtf8()).object();
            variant.price = amountText(row.value(4), m_currency);
            variant.compareAt = amountText(row.value(5), m_currency);
            variant.cost = amountText(row.value(6), m_currency);
            variant.weight = row.value(7).isNull() ? QString() : QString::number(row.value(7).toLongLong());
            variant.isActive = row.value(8).toInt() != 0;
            variants[row.value(0).toLongLong()].append(variant);
        }
        QHash<qint64, QList<ExportImage>> images;
        Result<QSqlQuery> imageRows = m_connection.exec(
            u"SELECT product_id, source_url, alt_text FROM product_images WHERE product_id BETWEEN ? AND ? "
            "ORDER BY product_id, position, id"_s,
            {ids.constFirst(), ids.constLast()});
        if (!imageRows)
            return imageRows.error();
        while (imageRows.value().next()) {
            const QSqlQuery &row = imageRows.value();
            if (row.value(1).toString().isEmpty()) {
                ++imagesWithoutAddress;
                continue;
            }
            images[row.value(0).toLongLong()].append({row.value(1).toString(), row.value(2).toString()});
        }

        for (qsizetype i = 0; i < ids.size(); ++i) {
            const QList<ExportVariant> productVariants = variants.value(ids[i]);
            const QList<ExportImage> productImages = images.value(ids[i]);
            if (!writeProduct(writer, heads[i], productVariants, productImages))
                return writeFailed();
            ++m_summary.products;
            m_summary.variants += productVariants.size();
            m_summary.images += productImages.size();
        }
        if (m_options.progress)
            m_options.progress(m_summary.products, total.value().toLongLong());
    }
    if (imagesWithoutAddress > 0)
        m_summary.notices.append(tr("%1 images were stored without a web address and are not in the file: a CSV file "
                                    "can only name a picture by its address.")
                                     .arg(imagesWithoutAddress));
    if (!file.commit())
        return Error::make(ErrorCode::Unavailable,
                           tr("Writing %1 failed: %2 Nothing was exported; check the disk and try again.")
                               .arg(path, file.errorString()));
    if (m_options.progress)
        m_options.progress(m_summary.products, total.value().toLongLong());
    return m_summary;
}

} // namespace

ProductExport::ProductExport(std::shared_ptr<Database> database) : m_database(std::move(database)) {}

Result<ProductExportSummary> ProductExport::exportFileOn(Connection &connection, const Session &actor,
                                                         const QString &path, const ProductExportOptions &options)
{
    CatalogScope scope;
    if (!actor.isSystem()) {
        Result<CatalogScope> allowed = CatalogScope::toView(actor);
        if (!allowed)
            return allowed.error();
        scope = allowed.value();
    }
    return Exporter(connection, options).run(scope, path);
}

QFuture<Result<ProductExportSummary>> ProductExport::exportFile(const Session &actor, const QString &path,
                                                                const ProductExportOptions &options)
{
    if (!actor.isSystem())
        if (Result<CatalogScope> scope = CatalogScope::toView(actor); !scope)
            return QtFuture::makeReadyFuture(Result<ProductExportSummary>(scope.error()));
    // One read transaction: the file is one consistent snapshot.
    return m_database->read([actor, path, options](Connection &connection) {
        return exportFileOn(connection, actor, path, options);
    });
}

} // namespace sk
