#include "catalog/ProductImport.h"

#include "audit/AuditLog.h"
#include "catalog/Barcode.h"
#include "catalog/CatalogScope.h"
#include "catalog/CategoryService.h"
#include "catalog/CsvReader.h"
#include "catalog/CsvWriter.h"
#include "catalog/ProductImageService.h"
#include "catalog/ProductImportWriter.h"
#include "catalog/ProductService.h"
#include "catalog/Slug.h"
#include "db/Database.h"
#include "shop/SettingsService.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonDocument>
#include <QLocale>
#include <QMap>
#include <QSet>
#include <QUrl>

#include <algorithm>
#include <limits>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

using Field = ProductCsvFormat::Field;
using Kind = ProductCsvFormat::Kind;

Error invalid(const QString &message)
{
    return Error::make(ErrorCode::InvalidInput, message);
}

// Fields that describe the product: on its first row, and on later rows
// either empty or repeated exactly.
constexpr Field kProductFields[] = {Field::Name,   Field::Description, Field::Brand,       Field::Vendor,
                                    Field::Category, Field::Status,    Field::ExactStatus, Field::Published,
                                    Field::TaxClass, Field::Attributes, Field::Type,       Field::Tags};
// Fields that make a row a variant; a row with none of them is an image row.
constexpr Field kVariantFields[] = {Field::Sku,         Field::Barcode,      Field::Option1Value, Field::Option2Value,
                                    Field::Option3Value, Field::Price,       Field::CompareAtPrice, Field::Cost,
                                    Field::WeightGrams,  Field::VariantActive};

struct Row {
    qint64 line = 0;
    std::array<QString, ProductCsvFormat::kFieldCount> values;
    QString csvError; // the reader's sentence for a malformed record

    const QString &operator[](Field field) const { return values[size_t(field)]; }
};

struct ImportImage {
    qint64 line = 0;
    int position = 0;     // from the file; 0: in file order
    NewProductImage image;
};

// One handle's rows, checked and turned into a draft.
struct Candidate {
    QString handle;
    QString slug;                     // empty: made from the name (storekeeper rows without handle)
    ProductDraft draft;
    ProductService::CheckedDraft checked;
    QString vendorName;
    QString categoryPath;
    QList<qint64> variantLines;       // line of each draft variant
    QList<ImportImage> images;
    bool hasImageColumn = false;
};

std::optional<Money> parseAmount(const QString &text, const QString &currency)
{
    if (std::optional<Money> plain = Money::parseDecimal(text, currency))
        return plain;
    return Money::parse(text, currency, QLocale());
}

std::optional<bool> parseBool(const QString &text)
{
    static const QStringList yes{u"true"_s, u"yes"_s, u"1"_s, u"y"_s};
    static const QStringList no{u"false"_s, u"no"_s, u"0"_s, u"n"_s};
    if (yes.contains(text, Qt::CaseInsensitive))
        return true;
    if (no.contains(text, Qt::CaseInsensitive))
        return false;
    return std::nullopt;
}

QString mimeFromSuffix(const QString &path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == u"png"_s)
        return u"image/png"_s;
    if (suffix == u"jpg"_s || suffix == u"jpeg"_s)
        return u"image/jpeg"_s;
    if (suffix == u"gif"_s)
        return u"image/gif"_s;
    if (suffix == u"webp"_s)
        return u"image/webp"_s;
    return {};
}

// Whole-file state of one import run.
class Importer {
    Q_DECLARE_TR_FUNCTIONS(ProductImport)

public:
    Importer(Connection &connection, const Session &actor, const ProductImportOptions &options)
        : m_connection(connection), m_actor(actor), m_options(options), m_writer(connection, actor),
          m_format(Kind::Storekeeper)
    {
    }

    Result<ImportReport> run(const QString &path);

private:
    Status prepare();
    Status loadVendorsAndCategories();
    Status readAll(QFile &file, CsvReader &reader);
    QString handleOfBrokenRecord(QFile &file, qint64 offset) const;
    Status finishGroup(QList<Row> &rows, const QList<qint64> &overflowLines);
    void check(const QList<Row> &rows, Candidate &candidate, QMap<qint64, QString> &errors);
    void checkImage(const Row &row, Candidate &candidate, QMap<qint64, QString> &errors);
    Status checkAgainstDatabase(Candidate &candidate, QMap<qint64, QString> &errors,
                                std::optional<ProductImportWriter::ProductRef> &target);
    Status write(const QList<Row> &rows, Candidate &candidate,
                 const std::optional<ProductImportWriter::ProductRef> &target);
    Result<std::optional<qint64>> resolveVendor(const QString &name, bool create, QString *problem);
    Result<std::optional<qint64>> resolveCategory(const QString &path, bool create, QString *problem);
    Status addImages(qint64 productId, const QList<ImportImage> &images);
    bool sameAsStored(const Product &stored, const Candidate &candidate, const QList<ProductImageInfo> *images) const;
    void reject(const QList<Row> &rows, const QList<qint64> &overflowLines, const QMap<qint64, QString> &errors);
    void notice(const QString &text);
    void writeReportLine(const ImportRejection &rejection);
    QString column(Field field) const { return m_format.columnName(field); }
    bool cancelled() const { return m_options.cancel && m_options.cancel->load(std::memory_order_relaxed); }

    Connection &m_connection;
    Session m_actor;
    ProductImportOptions m_options;
    ProductImportWriter m_writer;
    ProductCsvFormat m_format;
    ProductCsvFormat::Columns m_columns;
    CatalogScope m_scope;
    QString m_currency;
    QString m_shopName;
    QString m_baseDirectory;
    QDateTime m_now;
    ImportReport m_report;
    std::unique_ptr<QFile> m_reportFile;
    std::unique_ptr<CsvWriter> m_reportWriter;
    // Vendors by case-folded name; categories by (parent id or 0, slug).
    QHash<QString, qint64> m_vendors;
    QString m_ownVendorName;
    QHash<std::pair<qint64, QString>, qint64> m_categories;
    // First line of every SKU (upper case) and handle seen, by 64-bit hash:
    // a million rows cost a few dozen megabytes instead of their text.
    QHash<size_t, qint64> m_skuLines;
    QHash<size_t, qint64> m_handleLines;
    QHash<size_t, qint64> m_barcodeLines;
};

Result<ImportReport> Importer::run(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return invalid(tr("The file %1 cannot be read. Check the name and that you may read it.").arg(path));
    m_baseDirectory = QFileInfo(path).absolutePath();
    m_now = QDateTime::currentDateTimeUtc();
    m_report.dryRun = m_options.dryRun;

    if (!m_options.reportPath.isEmpty()) {
        m_reportFile = std::make_unique<QFile>(m_options.reportPath);
        if (!m_reportFile->open(QIODevice::WriteOnly | QIODevice::Truncate))
            return invalid(tr("The report file %1 cannot be written. Choose a folder you may write to.")
                               .arg(m_options.reportPath));
        m_reportWriter = std::make_unique<CsvWriter>(m_reportFile.get());
        m_reportWriter->writeHeader({u"line"_s, u"handle"_s, u"sku"_s, u"reason"_s});
    }

    CsvReader reader(&file);
    const CsvStatus header = reader.readHeader();
    if (header == CsvStatus::Failed)
        return invalid(reader.error().message);
    const std::optional<Kind> kind = m_options.format ? m_options.format : ProductCsvFormat::detect(reader.header());
    if (!kind)
        return invalid(tr("The file's first line does not name the columns of a product file (such as \"handle\", "
                          "\"name\", \"sku\", \"price\" or Shopify's \"Handle\", \"Title\", \"Variant SKU\"). Check "
                          "the file, or say which format it is with --format."));
    m_format = ProductCsvFormat(*kind);
    m_report.format = m_format.name();
    m_columns = m_format.map(reader.header());
    if (header == CsvStatus::BadRecord)
        notice(reader.error().message);
    QList<Field> required{Field::Name, Field::Sku, Field::Price};
    if (*kind == Kind::Shopify)
        required.prepend(Field::Handle);
    for (Field field : std::as_const(required))
        if (!m_columns.has(field))
            return invalid(tr("The file has no column \"%1\", which a product file in the %2 format needs. Add it, "
                              "or check that the format is right.")
                               .arg(column(field), m_format.name()));
    if (!m_columns.unknown.isEmpty())
        notice(tr("These columns are not part of the %1 format and were ignored: %2.")
                   .arg(m_format.name(), m_columns.unknown.join(u", "_s)));
    if (m_columns.has(Field::InventoryQuantity))
        notice(tr("The column \"%1\" was ignored: an import does not change stock. Receive the goods or "
                  "count them on the Inventory page.")
                   .arg(column(Field::InventoryQuantity)));

    if (Status ok = prepare(); !ok)
        return ok.error();
    if (Status ok = readAll(file, reader); !ok)
        return ok.error();
    if (Status ok = m_writer.flush(); !ok)
        return ok.error();
    m_report.imagesAdded += m_writer.imagesAdded();

    if (!m_options.dryRun && (m_report.productsCreated > 0 || m_report.productsUpdated > 0)) {
        const QJsonObject details{{u"file"_s, QFileInfo(path).fileName()},
                                  {u"format"_s, m_format.name()},
                                  {u"created"_s, QString::number(m_report.productsCreated)},
                                  {u"updated"_s, QString::number(m_report.productsUpdated)},
                                  {u"unchanged"_s, QString::number(m_report.productsUnchanged)},
                                  {u"rejected_rows"_s, QString::number(m_report.rowsRejected)}};
        if (Status ok = AuditLog::appendInTransaction(
                m_connection, AuditEntry::by(m_actor, u"product.imported"_s, u"products"_s, details));
            !ok)
            return ok.error();
    }
    if (m_options.progress)
        m_options.progress(reader.bytesRead(), reader.totalBytes());
    return m_report;
}

Status Importer::prepare()
{
    if (!m_actor.isSystem()) {
        Result<CatalogScope> scope = CatalogScope::toManage(m_actor);
        if (!scope)
            return scope.error();
        m_scope = scope.value();
    }
    Result<ShopSettings> settings = SettingsService::loadInTransaction(m_connection);
    if (!settings)
        return settings.error();
    m_currency = settings->currency;
    m_shopName = settings->shopName.trimmed();
    return loadVendorsAndCategories();
}

Status Importer::loadVendorsAndCategories()
{
    Result<QSqlQuery> vendors = m_connection.exec(u"SELECT id, name FROM vendors"_s);
    if (!vendors)
        return vendors.error();
    while (vendors.value().next()) {
        const qint64 id = vendors.value().value(0).toLongLong();
        const QString name = vendors.value().value(1).toString();
        m_vendors.insert(name.trimmed().toCaseFolded(), id);
        if (m_scope.vendorId == id)
            m_ownVendorName = name;
    }
    Result<QSqlQuery> categories = m_connection.exec(u"SELECT id, parent_id, slug FROM categories"_s);
    if (!categories)
        return categories.error();
    while (categories.value().next())
        m_categories.insert({categories.value().value(1).toLongLong(), categories.value().value(2).toString()},
                            categories.value().value(0).toLongLong());
    return Status::success();
}

void Importer::notice(const QString &text)
{
    m_report.notices.append(text);
    if (m_reportWriter)
        m_reportWriter->writeRecord({QString(), QString(), QString(), text});
}

void Importer::writeReportLine(const ImportRejection &rejection)
{
    m_report.addRejection(rejection);
    if (m_reportWriter)
        m_reportWriter->writeRecord(
            {QString::number(rejection.line), rejection.handle, rejection.sku, rejection.reason});
}

// The handle of a record the reader gave up on (a file that ends inside a
// quoted field), when it can be told from the record's first line; a null
// string when not.
QString Importer::handleOfBrokenRecord(QFile &file, qint64 offset) const
{
    const qsizetype column = m_columns.at(Field::Handle);
    if (column < 0 || !file.seek(offset))
        return {};
    QByteArray line;
    do
        line = file.readLine(CsvReader::kMaxFieldBytes).trimmed();
    while (line.isEmpty() && !file.atEnd());
    QList<QByteArray> fields;
    QByteArray field;
    bool quoted = false;
    for (qsizetype i = 0; i < line.size() && fields.size() <= column; ++i) {
        const char c = line.at(i);
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line.at(i + 1) == '"') {
                field.append('"');
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                field.append(c);
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            fields.append(field);
            field.clear();
        } else {
            field.append(c);
        }
    }
    if (fields.size() <= column)
        return {}; // the handle lies in the part that cannot be read
    return QString::fromUtf8(fields.at(column)).trimmed();
}

Status Importer::readAll(QFile &file, CsvReader &reader)
{
    qint64 afterLastRecord = reader.bytesRead();
    QList<Row> group;
    QList<qint64> overflowLines;
    QString groupHandle;
    CsvRecord record;
    qint64 sinceProgress = 0;
    for (;;) {
        if (cancelled())
            reader.requestStop();
        const CsvStatus status = reader.readRecord(record);
        if (status == CsvStatus::EndOfFile)
            break;
        if (status == CsvStatus::Failed) {
            if (reader.error().kind == CsvErrorKind::Cancelled)
                return Error::make(ErrorCode::Cancelled, tr("The import was cancelled; nothing was imported."));
            // The product being read may continue in the part that could not
            // be read, so it is rejected with the line that broke off.
            ++m_report.rows;
            QMap<qint64, QString> errors{{reader.error().line, reader.error().message}};
            const CsvError broken = reader.error();
            // The product read last is whole unless the broken record may be
            // one more of its rows; then it is rejected, since importing it
            // without that row would drop a variant.
            if (!group.isEmpty()) {
                const QString brokenHandle = handleOfBrokenRecord(file, afterLastRecord);
                if (!brokenHandle.isNull() && brokenHandle != groupHandle) {
                    if (Status ok = finishGroup(group, overflowLines); !ok)
                        return ok;
                    group.clear();
                }
            }
            if (!group.isEmpty()) {
                if (!errors.contains(group.constFirst().line))
                    errors.insert(group.constFirst().line,
                                  tr("The file could not be read past line %1, where this product's rows may go on.")
                                      .arg(reader.error().line));
                reject(group, overflowLines, errors);
            } else {
                ++m_report.productsRejected;
                writeReportLine({broken.line, QString(), QString(), broken.message});
            }
            return Status::success();
        }
        ++m_report.rows;
        Row row;
        row.line = record.line;
        for (int f = 0; f < ProductCsvFormat::kFieldCount; ++f) {
            const qsizetype index = m_columns.index[size_t(f)];
            if (index >= 0 && index < record.fields.size())
                row.values[size_t(f)] = Field(f) == Field::Description ? record.fields.at(index)
                                                                       : record.fields.at(index).trimmed();
        }
        if (status == CsvStatus::BadRecord)
            row.csvError = reader.error().message;
        const QString handle = row[Field::Handle];
        // A row without handle in our own format is a product of its own.
        if (!group.isEmpty() && (handle.isEmpty() || handle != groupHandle)) {
            if (Status ok = finishGroup(group, overflowLines); !ok)
                return ok;
            group.clear();
            overflowLines.clear();
        }
        groupHandle = handle;
        if (group.size() < ProductImport::kMaxRowsPerProduct)
            group.append(std::move(row));
        else
            overflowLines.append(row.line);
        afterLastRecord = reader.bytesRead();
        if (++sinceProgress == ProductImport::kProgressEveryRows) {
            sinceProgress = 0;
            if (m_options.progress)
                m_options.progress(reader.bytesRead(), reader.totalBytes());
        }
    }
    if (!group.isEmpty())
        return finishGroup(group, overflowLines);
    return Status::success();
}

Status Importer::finishGroup(QList<Row> &rows, const QList<qint64> &overflowLines)
{
    QMap<qint64, QString> errors;
    Candidate candidate;
    if (!overflowLines.isEmpty())
        errors.insert(overflowLines.constFirst(),
                      tr("A product may have at most %1 rows; this one has more. Split it into several products.")
                          .arg(ProductImport::kMaxRowsPerProduct));
    check(rows, candidate, errors);
    std::optional<ProductImportWriter::ProductRef> target;
    if (errors.isEmpty())
        if (Status ok = checkAgainstDatabase(candidate, errors, target); !ok)
            return ok;
    if (!errors.isEmpty()) {
        reject(rows, overflowLines, errors);
        return Status::success();
    }
    return write(rows, candidate, target);
}

void Importer::reject(const QList<Row> &rows, const QList<qint64> &overflowLines, const QMap<qint64, QString> &errors)
{
    ++m_report.productsRejected;
    const qint64 firstBad = errors.firstKey();
    QList<qint64> lines;
    for (const Row &row : rows)
        lines.append(row.line);
    lines.append(overflowLines);
    for (qint64 line : std::as_const(lines)) {
        const Row *row = nullptr;
        for (const Row &candidate : rows)
            if (candidate.line == line)
                row = &candidate;
        QString reason = errors.value(line);
        if (reason.isEmpty())
            reason = tr("Not imported because line %1 of the same product was rejected.").arg(firstBad);
        writeReportLine({line, row ? row->values[size_t(Field::Handle)] : QString(),
                         row ? row->values[size_t(Field::Sku)] : QString(), reason});
    }
    // A line the reader gave up on is not one of the rows.
    for (auto it = errors.begin(); it != errors.end(); ++it)
        if (!lines.contains(it.key()))
            writeReportLine({it.key(), QString(), QString(), it.value()});
}

void Importer::check(const QList<Row> &rows, Candidate &candidate, QMap<qint64, QString> &errors)
{
    auto fail = [&errors](qint64 line, const QString &reason) {
        if (!errors.contains(line))
            errors.insert(line, reason);
    };
    const Row &first = rows.constFirst();
    candidate.handle = first[Field::Handle];
    candidate.hasImageColumn = m_columns.has(Field::ImageSrc);

    if (!candidate.handle.isEmpty()) {
        candidate.slug = Slug::isCanonical(candidate.handle) ? candidate.handle : Slug::fromName(candidate.handle);
        if (candidate.slug.isEmpty())
            fail(first.line, tr("The handle \"%1\" needs at least one letter or digit.").arg(candidate.handle));
        // By web name: "Mug" and "mug" are one product.
        const size_t key = qHash(candidate.slug, 0);
        if (const auto seen = m_handleLines.constFind(key); seen != m_handleLines.cend())
            fail(first.line, tr("The rows of the handle \"%1\" must follow each other, but it already appeared on "
                                "line %2. Move its rows together.")
                                 .arg(candidate.handle)
                                 .arg(seen.value()));
        else
            m_handleLines.insert(key, first.line);
    } else if (m_format.kind() == Kind::Shopify) {
        fail(first.line, tr("Enter the product's handle in the column \"%1\".").arg(column(Field::Handle)));
    }

    for (const Row &row : rows)
        if (!row.csvError.isEmpty())
            fail(row.line, row.csvError);

    // The product's own fields.
    ProductDraft &draft = candidate.draft;
    draft.name = first[Field::Name];
    if (draft.name.isEmpty())
        fail(first.line, tr("Enter the product's name in the column \"%1\" of its first row.").arg(column(Field::Name)));
    draft.slug = candidate.slug;
    draft.description = first[Field::Description];
    draft.brand = first[Field::Brand];
    draft.taxClass = first[Field::TaxClass].isEmpty() ? u"standard"_s : first[Field::TaxClass];
    candidate.vendorName = first[Field::Vendor];
    candidate.categoryPath = first[Field::Category];
    for (qsizetype i = 1; i < rows.size(); ++i)
        for (Field field : kProductFields) {
            const QString &value = rows[i][field];
            if (!value.isEmpty() && value != first[field]) {
                fail(rows[i].line, tr("The column \"%1\" differs from line %2 of the same product. Leave it empty on "
                                      "later rows or repeat it exactly.")
                                       .arg(column(field))
                                       .arg(first.line));
                break;
            }
        }

    const QString &exact = m_format.kind() == Kind::Storekeeper ? first[Field::Status] : first[Field::ExactStatus];
    if (!exact.isEmpty()) {
        if (std::optional<ProductStatus> status = productStatusFromName(exact.toLower()))
            draft.status = *status;
        else
            fail(first.line, tr("The status \"%1\" is not one of active, inactive, out_of_stock or discontinued.")
                                 .arg(exact));
    } else if (m_format.kind() == Kind::Shopify) {
        const QString shopify = first[Field::Status].toLower();
        if (shopify == u"active"_s)
            draft.status = ProductStatus::Active;
        else if (shopify == u"draft"_s)
            draft.status = ProductStatus::Inactive;
        else if (shopify == u"archived"_s)
            draft.status = ProductStatus::Discontinued;
        else if (!shopify.isEmpty())
            fail(first.line, tr("The status \"%1\" is not one of Shopify's active, draft or archived.")
                                 .arg(first[Field::Status]));
        else if (!first[Field::Published].isEmpty()) {
            if (std::optional<bool> published = parseBool(first[Field::Published]))
                draft.status = *published ? ProductStatus::Active : ProductStatus::Inactive;
            else
                fail(first.line, tr("The column \"%1\" must be TRUE or FALSE, not \"%2\".")
                                     .arg(column(Field::Published), first[Field::Published]));
        }
    }

    if (const QString &text = first[Field::Attributes]; !text.isEmpty()) {
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8(), &parseError);
        if (parseError.error != QJsonParseError::NoError || !document.isObject())
            fail(first.line, tr("The column \"%1\" must hold a JSON object such as {\"material\": \"linen\"}.")
                                 .arg(column(Field::Attributes)));
        else
            draft.attributes = document.object();
    }
    if (!first[Field::Type].isEmpty())
        draft.attributes.insert(u"type"_s, first[Field::Type]);
    if (!first[Field::Tags].isEmpty())
        draft.attributes.insert(u"tags"_s, first[Field::Tags]);

    // Variants and images, row by row.
    std::array<QString, ProductCsvFormat::kMaxOptions> optionNames;
    qint64 optionNamesLine = 0;
    QHash<QString, qint64> optionKeys;
    QHash<QString, qint64> skusInProduct;
    for (const Row &row : rows) {
        bool isVariant = false;
        for (Field field : kVariantFields)
            isVariant = isVariant || !row[field].isEmpty();
        if (!isVariant) {
            if (row[Field::ImageSrc].isEmpty())
                fail(row.line, tr("This row has neither a variant (a SKU and a price) nor an image. Fill it in or "
                                  "remove it."));
            else
                checkImage(row, candidate, errors);
            continue;
        }
        VariantDraft variant;
        variant.sku = row[Field::Sku];
        if (const QString problem = ProductService::skuProblem(variant.sku); !problem.isEmpty()) {
            fail(row.line, u"%1: %2"_s.arg(column(Field::Sku), problem));
        } else {
            const QString upper = variant.sku.toUpper();
            const size_t key = qHash(upper, 0);
            if (const auto seen = m_skuLines.constFind(key); seen != m_skuLines.cend())
                fail(row.line, tr("The SKU \"%1\" is also on line %2. Give each variant its own SKU.")
                                   .arg(variant.sku)
                                   .arg(seen.value()));
            else
                m_skuLines.insert(key, row.line);
            skusInProduct.insert(upper, row.line);
        }
        variant.barcode = row[Field::Barcode];
        if (!variant.barcode.isEmpty()) {
            if (const QString problem = Barcode::problem(variant.barcode); !problem.isEmpty()) {
                fail(row.line, problem);
            } else {
                const size_t key = qHash(variant.barcode, 0);
                if (const auto seen = m_barcodeLines.constFind(key); seen != m_barcodeLines.cend())
                    fail(row.line, tr("The barcode %1 is also on line %2. Each variant needs its own.")
                                       .arg(variant.barcode)
                                       .arg(seen.value()));
                else
                    m_barcodeLines.insert(key, row.line);
            }
        }

        // Option names come from the product's first variant row; later rows
        // may leave them empty or repeat them.
        const bool firstVariant = candidate.variantLines.isEmpty();
        for (int i = 0; i < ProductCsvFormat::kMaxOptions; ++i) {
            const QString name = row[ProductCsvFormat::optionName(i)];
            const QString value = row[ProductCsvFormat::optionValue(i)];
            if (firstVariant) {
                optionNames[size_t(i)] = name;
                optionNamesLine = row.line;
            } else if (!name.isEmpty() && name.compare(optionNames[size_t(i)], Qt::CaseInsensitive) != 0) {
                fail(row.line, tr("The option name \"%1\" differs from \"%2\" on line %3. Every variant of a product "
                                  "has the same options.")
                                   .arg(name, optionNames[size_t(i)])
                                   .arg(optionNamesLine));
            }
            const QString &effective = optionNames[size_t(i)];
            // Shopify's way of saying "no options".
            if (m_format.kind() == Kind::Shopify && i == 0 && effective.compare(u"Title"_s, Qt::CaseInsensitive) == 0
                && value.compare(u"Default Title"_s, Qt::CaseInsensitive) == 0)
                continue;
            if (effective.isEmpty() && !value.isEmpty())
                fail(row.line, tr("The option value \"%1\" has no name. Name the option (such as Size) in the column "
                                  "\"%2\" of the product's first row.")
                                   .arg(value, column(ProductCsvFormat::optionName(i))));
            else if (!effective.isEmpty() && value.isEmpty())
                fail(row.line, tr("Enter a value for the option \"%1\" in the column \"%2\".")
                                   .arg(effective, column(ProductCsvFormat::optionValue(i))));
            else if (!effective.isEmpty())
                variant.options.insert(effective, value);
        }
        const QString key = ProductService::optionKey(variant.options);
        if (const auto seen = optionKeys.constFind(key); seen != optionKeys.cend())
            fail(row.line, seen.key().isEmpty()
                               ? tr("Line %1 is already a variant of this product without options. A product with "
                                    "several variants needs options (such as size) that tell them apart.")
                                     .arg(seen.value())
                               : tr("Line %1 already has these options. Each combination of options may appear only "
                                    "once.")
                                     .arg(seen.value()));
        else
            optionKeys.insert(key, row.line);

        variant.price = row[Field::Price];
        if (variant.price.isEmpty()) {
            fail(row.line, tr("Enter the variant's price in the column \"%1\".").arg(column(Field::Price)));
        }
        for (Field field : {Field::Price, Field::CompareAtPrice, Field::Cost}) {
            const QString &text = row[field];
            if (text.isEmpty())
                continue;
            const std::optional<Money> amount = parseAmount(text, m_currency);
            if (!amount)
                fail(row.line, tr("The %1 \"%2\" is not an amount in %3. Enter it like 19.99.")
                                   .arg(column(field), text, m_currency));
            else if (amount->isNegative())
                fail(row.line, tr("The %1 cannot be negative.").arg(column(field)));
        }
        variant.compareAt = row[Field::CompareAtPrice];
        variant.cost = row[Field::Cost];
        if (const QString &weight = row[Field::WeightGrams]; !weight.isEmpty()) {
            bool ok = false;
            const int grams = weight.toInt(&ok);
            if (!ok || grams < 0)
                fail(row.line, tr("The weight \"%1\" in the column \"%2\" must be a whole number of grams, 0 or more.")
                                   .arg(weight, column(Field::WeightGrams)));
            else
                variant.weightGrams = grams;
        }
        if (const QString &active = row[Field::VariantActive]; !active.isEmpty()) {
            if (std::optional<bool> value = parseBool(active))
                variant.isActive = *value;
            else
                fail(row.line, tr("The column \"%1\" must be true or false, not \"%2\".")
                                   .arg(column(Field::VariantActive), active));
        }
        draft.variants.append(variant);
        candidate.variantLines.append(row.line);
        if (!row[Field::ImageSrc].isEmpty())
            checkImage(row, candidate, errors);
    }
    if (draft.variants.isEmpty() && errors.isEmpty())
        fail(first.line, tr("The product \"%1\" has no variant: give at least one of its rows a SKU and a price.")
                             .arg(draft.name));
    if (!errors.isEmpty())
        return;
    // The same checks as the product editor's, so an import accepts exactly
    // what a person could enter.
    Result<ProductService::CheckedDraft> checked = ProductService::checkDraft(draft, m_currency);
    if (!checked)
        fail(first.line, checked.error().message);
    else
        candidate.checked = checked.value();
    std::stable_sort(candidate.images.begin(), candidate.images.end(), [](const ImportImage &a, const ImportImage &b) {
        // Images with a position first, by it; the others after, in file order.
        const int left = a.position > 0 ? a.position : std::numeric_limits<int>::max();
        const int right = b.position > 0 ? b.position : std::numeric_limits<int>::max();
        return left < right;
    });
}

void Importer::checkImage(const Row &row, Candidate &candidate, QMap<qint64, QString> &errors)
{
    auto fail = [&errors, &row](const QString &reason) {
        if (!errors.contains(row.line))
            errors.insert(row.line, reason);
    };
    ImportImage image;
    image.line = row.line;
    if (const QString &position = row[Field::ImagePosition]; !position.isEmpty()) {
        bool ok = false;
        image.position = position.toInt(&ok);
        if (!ok || image.position < 1) {
            fail(tr("The image position \"%1\" must be a whole number from 1.").arg(position));
            return;
        }
    }
    image.image.altText = row[Field::ImageAlt];
    const QString &source = row[Field::ImageSrc];
    const QUrl url(source);
    if (url.scheme() == u"http"_s || url.scheme() == u"https"_s) {
        // A web address is kept as it is; the picture is not fetched.
        image.image.sourceUrl = source;
    } else {
        QString path = url.scheme() == u"file"_s ? url.toLocalFile() : source;
        if (QFileInfo(path).isRelative())
            path = QDir(m_baseDirectory).filePath(path);
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            fail(tr("The image %1 cannot be read. Give a web address (https://...) or the path of a picture file "
                    "(relative to the CSV file's folder).")
                     .arg(source));
            return;
        }
        if (file.size() > ProductImageService::kMaxImageBytes) {
            fail(tr("The image %1 is larger than %2 MB. Use a smaller picture.")
                     .arg(source)
                     .arg(ProductImageService::kMaxImageBytes / (1024 * 1024)));
            return;
        }
        image.image.data = file.read(ProductImageService::kMaxImageBytes);
        image.image.mime = mimeFromSuffix(path);
        if (image.image.mime.isEmpty())
            image.image.mime = ProductImageService::mimeFromContent(image.image.data);
        if (image.image.mime.isEmpty()) {
            fail(tr("The image %1 is not a PNG, JPEG, GIF or WebP picture.").arg(source));
            return;
        }
    }
    if (const QString problem = ProductImageService::imageProblem(image.image); !problem.isEmpty()) {
        fail(problem);
        return;
    }
    candidate.images.append(image);
}

Status Importer::checkAgainstDatabase(Candidate &candidate, QMap<qint64, QString> &errors,
                                      std::optional<ProductImportWriter::ProductRef> &target)
{
    auto fail = [&errors](qint64 line, const QString &reason) {
        if (!errors.contains(line))
            errors.insert(line, reason);
    };
    const qint64 firstLine = candidate.variantLines.constFirst();
    if (!candidate.slug.isEmpty()) {
        Result<std::optional<ProductImportWriter::ProductRef>> bySlug = m_writer.productBySlug(candidate.slug);
        if (!bySlug)
            return bySlug.error();
        target = bySlug.value();
    }
    // SKUs already in the database either belong to the product being
    // updated or make this product a conflict.
    QList<qint64> owners;
    QList<std::optional<ProductService::VariantRef>> found;
    for (const ProductService::CheckedVariant &variant : std::as_const(candidate.checked.variants)) {
        Result<std::optional<ProductService::VariantRef>> ref = m_writer.variantBySku(variant.sku);
        if (!ref)
            return ref.error();
        found.append(ref.value());
        if (ref.value() && !owners.contains(ref.value()->productId))
            owners.append(ref.value()->productId);
    }
    // Without a handle (our own format allows that) the SKUs say which
    // product a row updates; with one, the handle does.
    if (!target && candidate.slug.isEmpty() && owners.size() == 1) {
        Result<QVariant> vendor =
            m_connection.scalar(u"SELECT vendor_id FROM products WHERE id = ?"_s, {owners.constFirst()});
        if (!vendor)
            return vendor.error();
        target = ProductImportWriter::ProductRef{owners.constFirst(), {}};
        if (!vendor.value().isNull())
            target->vendorId = vendor.value().toLongLong();
    }
    for (qsizetype i = 0; i < found.size(); ++i)
        if (found[i] && (!target || found[i]->productId != target->id))
            fail(candidate.variantLines[i],
                 tr("The SKU \"%1\" already belongs to another product (as \"%2\"; SKUs ignore upper and lower "
                    "case). Choose another SKU, or import it under that product's handle.")
                     .arg(candidate.checked.variants[i].sku, found[i]->sku));
    for (qsizetype i = 0; i < candidate.checked.variants.size(); ++i) {
        const QVariant &barcode = candidate.checked.variants[i].barcode;
        if (barcode.isNull())
            continue;
        Result<std::optional<qint64>> owner = m_writer.productByBarcode(barcode.toString());
        if (!owner)
            return owner.error();
        if (owner.value() && (!target || *owner.value() != target->id))
            fail(candidate.variantLines[i],
                 tr("The barcode %1 is already used by another product. Check the number.").arg(barcode.toString()));
    }
    if (m_scope.vendorId && target && target->vendorId != m_scope.vendorId)
        fail(firstLine, tr("This product's handle or SKUs belong to a product you may not change. Vendors import "
                           "only their own products; choose another handle and SKUs."));

    QString problem;
    Result<std::optional<qint64>> vendor = resolveVendor(candidate.vendorName, false, &problem);
    if (!vendor)
        return vendor.error();
    if (!problem.isEmpty())
        fail(firstLine, problem);
    Result<std::optional<qint64>> category = resolveCategory(candidate.categoryPath, false, &problem);
    if (!category)
        return category.error();
    if (!problem.isEmpty())
        fail(firstLine, problem);
    return Status::success();
}

// The vendor named in the file: none for the shop's own products (empty, or
// the shop's own name), else by name, created when missing and allowed.
Result<std::optional<qint64>> Importer::resolveVendor(const QString &name, bool create, QString *problem)
{
    problem->clear();
    if (m_scope.vendorId) {
        if (!name.isEmpty() && name.compare(m_ownVendorName, Qt::CaseInsensitive) != 0)
            *problem = tr("The vendor \"%1\" is not yours. Vendors import only their own products; leave the column "
                          "empty or enter \"%2\".")
                           .arg(name, m_ownVendorName);
        return std::optional<qint64>(m_scope.vendorId);
    }
    if (name.isEmpty() || (!m_shopName.isEmpty() && name.compare(m_shopName, Qt::CaseInsensitive) == 0))
        return std::optional<qint64>();
    const QString key = name.toCaseFolded();
    if (const auto it = m_vendors.constFind(key); it != m_vendors.cend())
        return std::optional<qint64>(it.value());
    if (!create)
        return std::optional<qint64>();
    Result<qint64> id = m_connection.insert(u"INSERT INTO vendors (name, created_at) VALUES (?, ?) RETURNING id"_s,
                                            {name, m_now});
    if (!id)
        return id.error();
    m_vendors.insert(key, id.value());
    ++m_report.vendorsCreated;
    return std::optional<qint64>(id.value());
}

// "Clothing > Men > Shirts": each level found by its slug among its
// siblings (as category slugs are unique), created when missing and allowed.
Result<std::optional<qint64>> Importer::resolveCategory(const QString &path, bool create, QString *problem)
{
    problem->clear();
    if (path.isEmpty())
        return std::optional<qint64>();
    std::optional<qint64> parent;
    const QStringList parts = path.split(u'>');
    for (const QString &part : parts) {
        const QString name = part.trimmed();
        const QString slug = Slug::fromName(name);
        if (slug.isEmpty()) {
            *problem = tr("The category \"%1\" has an empty level. Write it like Clothing > Men > Shirts.").arg(path);
            return std::optional<qint64>();
        }
        if (const auto it = m_categories.constFind({parent.value_or(0), slug}); it != m_categories.cend()) {
            parent = it.value();
            continue;
        }
        if (m_scope.vendorId) {
            *problem = tr("The category \"%1\" does not exist. Ask an administrator to create it, or leave the column "
                          "empty.")
                           .arg(path);
            return std::optional<qint64>();
        }
        if (!create)
            return std::optional<qint64>(); // created when the product is written
        NewCategory category;
        category.parentId = parent;
        category.name = name;
        Result<Category> created = CategoryService::createInTransaction(m_connection, m_actor, category);
        if (!created)
            return created.error();
        m_categories.insert({parent.value_or(0), created->slug}, created->id);
        ++m_report.categoriesCreated;
        parent = created->id;
    }
    return parent;
}

bool Importer::sameAsStored(const Product &stored, const Candidate &candidate,
                            const QList<ProductImageInfo> *images) const
{
    const ProductService::CheckedDraft &draft = candidate.checked;
    if (stored.name != draft.name || stored.description != draft.description || stored.brand != draft.brand
        || stored.status != draft.status || stored.taxClass != draft.taxClass
        || stored.attributes != QJsonDocument::fromJson(draft.attributes.toUtf8()).object()
        || stored.vendorId != draft.vendorId || stored.categoryId != draft.categoryId
        || (!candidate.slug.isEmpty() && stored.slug != candidate.slug)
        || stored.variants.size() != draft.variants.size())
        return false;
    for (qsizetype i = 0; i < draft.variants.size(); ++i) {
        const Variant &old = stored.variants[i];
        const ProductService::CheckedVariant &now = draft.variants[i];
        if (old.sku != now.sku || old.barcode != now.barcode.toString()
            || old.options != QJsonDocument::fromJson(now.options.toUtf8()).object() || old.price != now.price
            || old.compareAt != now.compareAt || old.cost != now.cost || old.weightGrams != now.weightGrams
            || old.isActive != now.isActive)
            return false;
    }
    if (images && !candidate.images.isEmpty()) {
        if (images->size() != candidate.images.size())
            return false;
        for (qsizetype i = 0; i < images->size(); ++i) {
            const ProductImageInfo &old = images->at(i);
            const NewProductImage &now = candidate.images[i].image;
            if (old.altText != now.altText || old.sourceUrl != now.sourceUrl || !now.data.isEmpty())
                return false;
        }
    }
    return true;
}

Status Importer::addImages(qint64 productId, const QList<ImportImage> &images)
{
    for (const ImportImage &image : images) {
        Result<ProductImageInfo> added = ProductImageService::addInTransaction(m_connection, m_actor, productId,
                                                                               image.image);
        if (!added)
            return added.error();
        ++m_report.imagesAdded;
    }
    return Status::success();
}

Status Importer::write(const QList<Row> &rows, Candidate &candidate,
                       const std::optional<ProductImportWriter::ProductRef> &target)
{
    QString problem;
    Result<std::optional<qint64>> vendor = resolveVendor(candidate.vendorName, true, &problem);
    if (!vendor)
        return vendor.error();
    Result<std::optional<qint64>> category = resolveCategory(candidate.categoryPath, true, &problem);
    if (!category)
        return category.error();
    candidate.checked.vendorId = vendor.value();
    candidate.checked.categoryId = category.value();
    candidate.draft.vendorId = vendor.value();
    candidate.draft.categoryId = category.value();

    if (!target) {
        QString slug = candidate.slug;
        if (slug.isEmpty()) {
            Result<QString> free = m_writer.freeSlug(Slug::fromName(candidate.checked.name));
            if (!free)
                return free.error();
            slug = free.value();
        }
        QList<NewProductImage> images;
        for (const ImportImage &image : std::as_const(candidate.images))
            images.append(image.image);
        if (Status ok = m_writer.queue(candidate.checked, slug, m_now, images); !ok)
            return ok;
        ++m_report.productsCreated;
        m_report.variantsWritten += candidate.checked.variants.size();
        return Status::success();
    }

    // Updates read and write through ProductService: the queued products
    // must be in the tables first, and the target in the search tables (its
    // update triggers remove what was indexed) when this import created it.
    if (Status ok = m_writer.flushFor(target->id); !ok)
        return ok;
    Result<Product> stored = ProductService::getInTransaction(m_connection, target->id);
    if (!stored)
        return stored.error();
    Result<QList<ProductImageInfo>> images = ProductImageService::listInTransaction(m_connection, target->id);
    if (!images)
        return images.error();
    if (sameAsStored(stored.value(), candidate, &images.value())) {
        ++m_report.productsUnchanged;
        return Status::success();
    }
    // Variants are matched to the stored ones by SKU, so their ids (and
    // everything that will point at them) survive the update.
    QHash<QString, qint64> variantIds;
    for (const Variant &variant : stored->variants)
        variantIds.insert(variant.sku.toUpper(), variant.id);
    for (VariantDraft &variant : candidate.draft.variants)
        variant.id = variantIds.value(variant.sku.trimmed().toUpper());
    Result<Product> updated = ProductService::updateInTransaction(m_connection, m_actor, target->id, candidate.draft);
    if (!updated) {
        // Refusals come before anything is written; anything else ends the import.
        if (updated.error().code != ErrorCode::InvalidInput && updated.error().code != ErrorCode::Conflict)
            return updated.error();
        reject(rows, {}, {{rows.constFirst().line, updated.error().message}});
        return Status::success();
    }
    if (!candidate.images.isEmpty() && !sameAsStored(updated.value(), candidate, &images.value())) {
        if (Status ok = ProductImageService::removeAllInTransaction(m_connection, target->id); !ok)
            return ok;
        if (Status ok = addImages(target->id, candidate.images); !ok)
            return ok;
    }
    ++m_report.productsUpdated;
    m_report.variantsWritten += candidate.checked.variants.size();
    return Status::success();
}

} // namespace

ProductImport::ProductImport(std::shared_ptr<Database> database) : m_database(std::move(database)) {}

namespace {

// A larger SQLite page cache while an import runs: a million rows touch far
// more index pages than the default 2 MB holds, and every page pushed out in
// the middle of the transaction is written to the WAL more than once.
class ImportCacheSize {
public:
    static constexpr int kImportCacheKiB = 64 * 1024;

    explicit ImportCacheSize(Connection &connection) : m_connection(connection)
    {
        if (!connection.isSqlite())
            return;
        Result<QVariant> current = connection.scalar(u"PRAGMA cache_size"_s);
        if (current && connection.run(u"PRAGMA cache_size = -%1"_s.arg(kImportCacheKiB)))
            m_previous = current.value().toLongLong();
    }
    ~ImportCacheSize()
    {
        if (m_previous)
            (void)m_connection.run(u"PRAGMA cache_size = %1"_s.arg(*m_previous));
    }
    ImportCacheSize(const ImportCacheSize &) = delete;
    ImportCacheSize &operator=(const ImportCacheSize &) = delete;

private:
    Connection &m_connection;
    std::optional<qint64> m_previous;
};

} // namespace

Result<ImportReport> ProductImport::importFileOn(Connection &connection, const Session &actor, const QString &path,
                                                 const ProductImportOptions &options)
{
    const ImportCacheSize cacheSize(connection);
    Transaction transaction(connection, Transaction::Mode::Write);
    if (Status begun = transaction.begin(); !begun)
        return begun.error();
    Result<ImportReport> report = Importer(connection, actor, options).run(path);
    if (!report)
        return report; // rolled back when the transaction goes out of scope
    if (options.dryRun) {
        transaction.rollback();
        return report;
    }
    if (Status committed = transaction.commit(); !committed)
        return committed.error();
    return report;
}

QFuture<Result<ImportReport>> ProductImport::importFile(const Session &actor, const QString &path,
                                                        const ProductImportOptions &options)
{
    if (!actor.isSystem())
        if (Result<CatalogScope> scope = CatalogScope::toManage(actor); !scope)
            return QtFuture::makeReadyFuture(Result<ImportReport>(scope.error()));
    // The import manages its transaction itself: a dry run rolls it back.
    return m_database->maintain([actor, path, options](Connection &connection) {
        return importFileOn(connection, actor, path, options);
    });
}

} // namespace sk
