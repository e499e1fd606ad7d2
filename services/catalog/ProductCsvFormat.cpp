#include "catalog/ProductCsvFormat.h"

using namespace Qt::StringLiterals;

namespace sk {

namespace {

using Field = ProductCsvFormat::Field;

struct ColumnName {
    Field field;
    const char16_t *storekeeper; // nullptr: not in the format
    const char16_t *shopify;
};

// Export order. Shopify's own columns first, as its export writes them; the
// fields it has no column for travel in metafield columns, which Shopify
// itself imports as product or variant metafields.
constexpr ColumnName kColumns[] = {
    {Field::Handle, u"handle", u"Handle"},
    {Field::Name, u"name", u"Title"},
    {Field::Description, u"description", u"Body (HTML)"},
    {Field::Vendor, u"vendor", u"Vendor"},
    {Field::Category, u"category", u"Product Category"},
    {Field::Type, nullptr, u"Type"},
    {Field::Tags, nullptr, u"Tags"},
    {Field::Published, nullptr, u"Published"},
    {Field::Brand, u"brand", u"Brand (product.metafields.storekeeper.brand)"},
    {Field::Status, u"status", u"Status"},
    {Field::ExactStatus, nullptr, u"Storekeeper status (product.metafields.storekeeper.status)"},
    {Field::TaxClass, u"tax_class", u"Tax class (product.metafields.storekeeper.tax_class)"},
    {Field::Attributes, u"attributes", u"Attributes (product.metafields.storekeeper.attributes)"},
    {Field::Option1Name, u"option1_name", u"Option1 Name"},
    {Field::Option1Value, u"option1_value", u"Option1 Value"},
    {Field::Option2Name, u"option2_name", u"Option2 Name"},
    {Field::Option2Value, u"option2_value", u"Option2 Value"},
    {Field::Option3Name, u"option3_name", u"Option3 Name"},
    {Field::Option3Value, u"option3_value", u"Option3 Value"},
    {Field::Sku, u"sku", u"Variant SKU"},
    {Field::WeightGrams, u"weight_grams", u"Variant Grams"},
    {Field::InventoryQuantity, nullptr, u"Variant Inventory Qty"},
    {Field::Price, u"price", u"Variant Price"},
    {Field::CompareAtPrice, u"compare_at_price", u"Variant Compare At Price"},
    {Field::Cost, u"cost", u"Cost per item"},
    {Field::Barcode, u"barcode", u"Variant Barcode"},
    {Field::VariantActive, u"variant_active", u"Variant active (variant.metafields.storekeeper.active)"},
    {Field::ImageSrc, u"image_src", u"Image Src"},
    {Field::ImagePosition, u"image_position", u"Image Position"},
    {Field::ImageAlt, u"image_alt", u"Image Alt Text"},
};

const char16_t *nameIn(const ColumnName &column, ProductCsvFormat::Kind kind)
{
    return kind == ProductCsvFormat::Kind::Storekeeper ? column.storekeeper : column.shopify;
}

bool headerHas(const QStringList &header, QStringView name)
{
    for (const QString &column : header)
        if (column.compare(name, Qt::CaseInsensitive) == 0)
            return true;
    return false;
}

} // namespace

QString ProductCsvFormat::name() const
{
    return m_kind == Kind::Storekeeper ? u"storekeeper"_s : u"shopify"_s;
}

std::optional<ProductCsvFormat::Kind> ProductCsvFormat::kindFromName(QStringView name)
{
    if (name.compare(u"storekeeper", Qt::CaseInsensitive) == 0)
        return Kind::Storekeeper;
    if (name.compare(u"shopify", Qt::CaseInsensitive) == 0)
        return Kind::Shopify;
    return std::nullopt;
}

std::optional<ProductCsvFormat::Kind> ProductCsvFormat::detect(const QStringList &header)
{
    if (headerHas(header, u"Variant SKU") || headerHas(header, u"Title") || headerHas(header, u"Body (HTML)"))
        return Kind::Shopify;
    if (headerHas(header, u"sku") || headerHas(header, u"name"))
        return Kind::Storekeeper;
    return std::nullopt;
}

QStringList ProductCsvFormat::header() const
{
    QStringList names;
    for (const ColumnName &column : kColumns)
        if (const char16_t *name = nameIn(column, m_kind))
            names.append(QString::fromUtf16(name));
    return names;
}

QString ProductCsvFormat::columnName(Field field) const
{
    for (const ColumnName &column : kColumns)
        if (column.field == field)
            if (const char16_t *name = nameIn(column, m_kind))
                return QString::fromUtf16(name);
    return {};
}

ProductCsvFormat::Columns ProductCsvFormat::map(const QStringList &header) const
{
    Columns columns;
    columns.index.fill(-1);
    for (qsizetype i = 0; i < header.size(); ++i) {
        bool known = false;
        for (const ColumnName &column : kColumns) {
            const char16_t *name = nameIn(column, m_kind);
            if (name && header.at(i).compare(QStringView(name), Qt::CaseInsensitive) == 0) {
                known = true;
                // The first of duplicated names wins, as in CsvReader::columnIndex.
                if (columns.index[size_t(column.field)] < 0)
                    columns.index[size_t(column.field)] = i;
            }
        }
        if (!known)
            columns.unknown.append(header.at(i));
    }
    return columns;
}

} // namespace sk
