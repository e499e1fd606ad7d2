#pragma once

#include "core/Result.h"

#include <QList>
#include <QString>
#include <QVariantMap>

namespace sk {

// One line of a receipt rendered for a fixed-width printer. The text is
// already padded to the width; bold and double height are left to the
// output (EscPosEncoder prints them with the printer's own commands).
struct ReceiptTextLine {
    QString text;
    bool bold = false;
    bool doubleHeight = false;
    friend bool operator==(const ReceiptTextLine &, const ReceiptTextLine &) = default;
};

// A receipt template (docs/receipts.md): {{name}} placeholders, sections
// {{#list}}...{{/list}} repeated for each item of a list or shown when a
// value is not empty, {{^name}}...{{/name}} shown when it is empty. Text
// templates also take line directives for fixed-width paper: @center,
// @right, @pair LEFT || RIGHT (the right part, money, aligned to the right
// edge), @rule [char], and @bold / @big in front of any of them.
class ReceiptTemplate {
public:
    static constexpr int kMinColumns = 24;
    static constexpr int kMaxColumns = 80;

    explicit ReceiptTemplate(QString source);
    // A template file, also from the resources (":/receipts/receipt.txt").
    static Result<ReceiptTemplate> fromFile(const QString &path);
    // The templates shipped with Storekeeper: receipt.txt / receipt.html for
    // sales and refunds, shift.txt / shift.html for X and Z reports.
    static ReceiptTemplate builtIn(const QString &fileName);

    const QString &source() const { return m_source; }

    QList<ReceiptTextLine> renderLines(const QVariantMap &context, int columns) const;
    QString renderText(const QVariantMap &context, int columns) const;
    // Values are HTML-escaped; line breaks in a value become <br>.
    QString renderHtml(const QVariantMap &context) const;

private:
    QString m_source;
};

} // namespace sk
