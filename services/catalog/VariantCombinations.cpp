#include "catalog/VariantCombinations.h"

#include "catalog/ProductService.h"

#include <QCoreApplication>
#include <QHash>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

Error invalid(const QString &message)
{
    return Error::make(ErrorCode::InvalidInput, message);
}

QString folded(const QString &text)
{
    return text.trimmed().toCaseFolded();
}

// Codes of one option's values, distinct within the option: a value whose
// code is empty or already taken gets its 1-based place appended.
QStringList codesOf(const QStringList &values)
{
    QStringList codes;
    QSet<QString> seen;
    for (qsizetype i = 0; i < values.size(); ++i) {
        QString code = VariantCombinations::valueCode(values[i]);
        if (code.isEmpty() || seen.contains(code))
            code = code.left(VariantCombinations::kMaxValueCodeLength - 3) + QString::number(i + 1);
        seen.insert(code);
        codes.append(code);
    }
    return codes;
}

// Keeps a SKU within the length limit by cutting the base, never the value
// codes or the suffix that makes it unique.
QString fitted(const QString &base, const QString &codes, const QString &suffix)
{
    return base.left(qMax(1, ProductService::kMaxSkuLength - int(codes.size() + suffix.size()))) + codes + suffix;
}

} // namespace

QStringList VariantCombinations::splitValues(const QString &text)
{
    QStringList values;
    const QStringList parts = text.split(u',');
    for (const QString &part : parts)
        if (const QString value = part.trimmed(); !value.isEmpty())
            values.append(value);
    return values;
}

QString VariantCombinations::valueCode(const QString &value)
{
    QString code;
    const QString decomposed = value.normalized(QString::NormalizationForm_KD);
    for (QChar c : decomposed) {
        if (c.unicode() < 0x80 && c.isLetterOrNumber())
            code.append(c.toUpper());
        if (code.size() == kMaxValueCodeLength)
            break;
    }
    return code;
}

Result<CombinationPlan> VariantCombinations::plan(const QString &baseSku, const QList<OptionAxis> &axes,
                                                  const QList<VariantDraft> &existing, const QSet<QString> &takenSkus)
{
    const QString base = baseSku.trimmed();
    if (const QString problem = ProductService::skuProblem(base); !problem.isEmpty())
        return invalid(QCoreApplication::translate("VariantCombinations", "Base SKU: %1").arg(problem));
    if (axes.isEmpty())
        return invalid(QCoreApplication::translate("VariantCombinations", "Add at least one option, such as Size with "
                                                                          "the values S, M, L."));
    QList<OptionAxis> clean;
    QSet<QString> names;
    qint64 combinations = 1;
    for (const OptionAxis &axis : axes) {
        OptionAxis out;
        out.name = axis.name.trimmed();
        if (out.name.isEmpty())
            return invalid(QCoreApplication::translate("VariantCombinations", "Every option needs a name, such as Size "
                                                                              "or Colour."));
        if (names.contains(folded(out.name)))
            return invalid(QCoreApplication::translate("VariantCombinations", "The option \"%1\" is listed twice. Give "
                                                                              "each option its own name.")
                               .arg(out.name));
        names.insert(folded(out.name));
        QSet<QString> values;
        for (const QString &value : axis.values) {
            const QString trimmed = value.trimmed();
            if (trimmed.isEmpty())
                continue;
            if (values.contains(folded(trimmed)))
                return invalid(QCoreApplication::translate("VariantCombinations", "The value \"%1\" is listed twice "
                                                                                  "for %2.")
                                   .arg(trimmed, out.name));
            values.insert(folded(trimmed));
            out.values.append(trimmed);
        }
        if (out.values.isEmpty())
            return invalid(QCoreApplication::translate("VariantCombinations", "Enter the values of %1, separated by "
                                                                              "commas (for example S, M, L).")
                               .arg(out.name));
        combinations *= out.values.size();
        if (combinations > kMaxCombinations)
            return invalid(QCoreApplication::translate("VariantCombinations", "These options make more than %1 "
                                                                              "variants. Use fewer values.")
                               .arg(kMaxCombinations));
        clean.append(out);
    }

    CombinationPlan result;
    // Every combination, the last option varying fastest.
    QHash<QString, int> rowByKey;
    for (qint64 n = 0; n < combinations; ++n) {
        VariantCombination row;
        qint64 rest = n;
        for (qsizetype a = clean.size() - 1; a >= 0; --a) {
            const QStringList &values = clean[a].values;
            row.options.insert(clean[a].name, values[rest % values.size()]);
            rest /= values.size();
        }
        rowByKey.insert(ProductService::optionKey(row.options), int(n));
        result.rows.append(row);
    }

    // Existing variants keep the combination they still describe.
    QSet<QString> used;
    for (int i = 0; i < existing.size(); ++i) {
        QHash<QString, QString> own;
        bool fits = true;
        for (auto it = existing[i].options.begin(); it != existing[i].options.end(); ++it) {
            if (!names.contains(folded(it.key())))
                fits = false;
            own.insert(folded(it.key()), it.value().toString());
        }
        QJsonObject target;
        for (const OptionAxis &axis : std::as_const(clean))
            target.insert(axis.name, own.value(folded(axis.name), axis.values.first()));
        const int row = fits ? rowByKey.value(ProductService::optionKey(target), -1) : -1;
        if (row < 0 || result.rows[row].existingIndex >= 0) {
            result.unmatchedExisting.append(i);
            continue;
        }
        result.rows[row].existingIndex = i;
        result.rows[row].sku = existing[i].sku.trimmed();
    }
    // Suggestions never reuse an existing variant's SKU, not even one about
    // to be removed: labels and history name the old goods.
    for (const VariantDraft &variant : existing)
        used.insert(variant.sku.trimmed().toUpper());

    QList<QStringList> codes;
    for (const OptionAxis &axis : std::as_const(clean))
        codes.append(codesOf(axis.values));
    for (const QString &sku : takenSkus)
        used.insert(sku.trimmed().toUpper());
    for (VariantCombination &row : result.rows) {
        // A kept variant without a SKU yet (a new product's first row) gets
        // a suggestion like the new ones.
        if (row.existingIndex >= 0 && !row.sku.isEmpty())
            continue;
        QString rowCodes;
        for (qsizetype a = 0; a < clean.size(); ++a)
            rowCodes += u'-' + codes[a][clean[a].values.indexOf(row.options.value(clean[a].name).toString())];
        QString sku = fitted(base, rowCodes, {});
        for (int attempt = 2; used.contains(sku.toUpper()); ++attempt)
            sku = fitted(base, rowCodes, u"-%1"_s.arg(attempt));
        used.insert(sku.toUpper());
        row.sku = sku;
    }
    return result;
}

} // namespace sk
