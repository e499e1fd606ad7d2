#pragma once

#include "catalog/Product.h"
#include "core/Result.h"

#include <QJsonObject>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

namespace sk {

// One option of a product and the values it takes: "Size": S, M, L.
struct OptionAxis {
    QString name;
    QStringList values;
};

// One row of a generated variant list.
struct VariantCombination {
    QJsonObject options;     // {"Size": "S", "Colour": "Red"}
    QString sku;             // the kept variant's, or a suggestion
    int existingIndex = -1;  // index into the existing variants it keeps, -1 = new
};

struct CombinationPlan {
    QList<VariantCombination> rows;  // every combination, first option slowest
    QList<int> unmatchedExisting;    // existing variants that fit no combination
};

// The variant generator: from option names and their values, every
// combination in a stable order (the first option varies slowest, values in
// the order given), with SKUs suggested as the base SKU and a code per value
// ("MUG-S-RED"). Existing variants whose options still match keep their place
// (and SKU, price, stock); an existing variant that lacks an option newly
// added matches the combination with that option's first value, so adding
// "Colour" to a product sold in sizes keeps its variants. Pure logic, no
// database: the editor shows the plan, the service checks it on save.
class VariantCombinations {
public:
    static constexpr int kMaxCombinations = 1000;
    static constexpr int kMaxValueCodeLength = 12;

    // takenSkus: SKUs (any case) the suggestions must avoid besides those of
    // the kept variants, such as other products' SKUs the caller knows of.
    static Result<CombinationPlan> plan(const QString &baseSku, const QList<OptionAxis> &axes,
                                        const QList<VariantDraft> &existing, const QSet<QString> &takenSkus = {});

    // "S, M , L,," -> ["S", "M", "L"]: what a person types into one field.
    static QStringList splitValues(const QString &text);
    // Upper-case ASCII letters and digits of the value (accents dropped):
    // "Extra large" -> "EXTRALARGE"; empty when nothing is left.
    static QString valueCode(const QString &value);
};

} // namespace sk
