#pragma once

#include <QString>
#include <QStringList>
#include <QStringView>

#include <array>
#include <optional>

namespace sk {

// The two product CSV layouts Storekeeper reads and writes (docs/import.md):
// its own, one row per variant with snake_case columns, and Shopify's product
// export. Both group rows under a shared handle; this class only knows which
// column holds which field, so the importer and the exporter share one table.
class ProductCsvFormat {
public:
    enum class Kind { Storekeeper, Shopify };

    // What a column means, whatever a format calls it.
    enum class Field {
        Handle,
        Name,
        Description,
        Brand,
        Vendor,
        Category,
        Status,         // storekeeper: our state names; Shopify: active, draft, archived
        ExactStatus,    // Shopify: our state name in a metafield, so a round trip keeps it
        Published,      // Shopify: TRUE/FALSE
        TaxClass,
        Attributes,     // a JSON object
        Type,           // Shopify: kept as the attribute "type"
        Tags,           // Shopify: kept as the attribute "tags"
        Sku,
        Barcode,
        Option1Name,
        Option1Value,
        Option2Name,
        Option2Value,
        Option3Name,
        Option3Value,
        Price,
        CompareAtPrice,
        Cost,
        WeightGrams,
        VariantActive,
        InventoryQuantity, // read only to say it is ignored: stock comes with inventory
        ImageSrc,
        ImagePosition,
        ImageAlt,
    };
    static constexpr int kFieldCount = int(Field::ImageAlt) + 1;
    static constexpr int kMaxOptions = 3;

    // Column index per field (-1 when the file lacks it) and the columns
    // that mean nothing to the format.
    struct Columns {
        std::array<qsizetype, kFieldCount> index{};
        QStringList unknown;

        qsizetype at(Field field) const { return index[size_t(field)]; }
        bool has(Field field) const { return at(field) >= 0; }
        // The field's text in a record, empty when the column is absent.
        QString value(const QStringList &fields, Field field) const
        {
            const qsizetype i = at(field);
            return i >= 0 && i < fields.size() ? fields.at(i) : QString();
        }
    };

    explicit ProductCsvFormat(Kind kind) : m_kind(kind) {}

    Kind kind() const { return m_kind; }
    QString name() const; // "storekeeper", "shopify"
    static std::optional<Kind> kindFromName(QStringView name);
    // From the header: Shopify's "Variant SKU" or "Title", else our "sku" or
    // "name"; empty when neither.
    static std::optional<Kind> detect(const QStringList &header);

    // Every column the format writes, in export order.
    QStringList header() const;
    // The format's column for a field; empty when it has none.
    QString columnName(Field field) const;
    // Matches header names ignoring case, as CsvReader::columnIndex does.
    Columns map(const QStringList &header) const;

    static Field optionName(int index) { return Field(int(Field::Option1Name) + 2 * index); }
    static Field optionValue(int index) { return Field(int(Field::Option1Value) + 2 * index); }

private:
    Kind m_kind;
};

} // namespace sk
