#include "receipts/ReceiptTemplate.h"

#include <QCoreApplication>
#include <QFile>
#include <QRegularExpression>
#include <QVariantList>
#include <algorithm>

using namespace Qt::StringLiterals;

static void initReceiptResources()
{
    Q_INIT_RESOURCE(storekeeper_receipts);
}

namespace sk {

namespace {

// Stands for a line break inside a value while the text directives are
// applied, so that a directive applies to every line of a multi-line value
// (a shop address, a footer).
constexpr char16_t kValueBreak = u'\x2028';

using Scope = QList<const QVariantMap *>;

QVariant lookup(const Scope &scope, const QString &name)
{
    for (qsizetype i = scope.size() - 1; i >= 0; --i) {
        const auto found = scope.at(i)->constFind(name);
        if (found != scope.at(i)->cend())
            return found.value();
    }
    return {};
}

bool isShown(const QVariant &value)
{
    if (value.typeId() == QMetaType::QVariantList)
        return !value.toList().isEmpty();
    if (value.typeId() == QMetaType::Bool)
        return value.toBool();
    return !value.toString().isEmpty();
}

// A section tag alone on its line takes its line break with it, so that
// sections do not leave blank lines behind.
QString withoutStandaloneTagLines(const QString &source)
{
    static const QRegularExpression standalone(u"^[ \\t]*(\\{\\{[#^/][A-Za-z0-9_.]+\\}\\})[ \\t]*\\r?\\n"_s,
                                               QRegularExpression::MultilineOption);
    QString result = source;
    result.replace(standalone, u"\\1"_s);
    return result;
}

// The position of the {{/name}} that closes a section opened before from,
// counting nested sections of the same name; -1 when there is none.
qsizetype closingTag(const QString &source, const QString &name, qsizetype from)
{
    const QString open1 = u"{{#"_s + name + u"}}"_s;
    const QString open2 = u"{{^"_s + name + u"}}"_s;
    const QString close = u"{{/"_s + name + u"}}"_s;
    int depth = 1;
    qsizetype at = from;
    while (true) {
        const qsizetype next = source.indexOf(u"{{"_s, at);
        if (next < 0)
            return -1;
        if (QStringView(source).mid(next).startsWith(close)) {
            if (--depth == 0)
                return next;
        } else if (QStringView(source).mid(next).startsWith(open1) || QStringView(source).mid(next).startsWith(open2)) {
            ++depth;
        }
        at = next + 2;
    }
}

QString expand(const QString &source, Scope &scope, bool html)
{
    QString out;
    qsizetype at = 0;
    while (at < source.size()) {
        const qsizetype open = source.indexOf(u"{{"_s, at);
        if (open < 0) {
            out += QStringView(source).mid(at);
            break;
        }
        out += QStringView(source).mid(at, open - at);
        const qsizetype end = source.indexOf(u"}}"_s, open + 2);
        if (end < 0) {
            out += QStringView(source).mid(open);
            break;
        }
        const QString tag = source.mid(open + 2, end - open - 2).trimmed();
        at = end + 2;
        if (tag.startsWith(u'#') || tag.startsWith(u'^')) {
            const QString name = tag.mid(1).trimmed();
            const qsizetype close = closingTag(source, name, at);
            if (close < 0)
                continue;  // an unclosed section is shown as nothing
            const QString inner = source.mid(at, close - at);
            at = close + name.size() + 5;
            const QVariant value = lookup(scope, name);
            if (tag.startsWith(u'^')) {
                if (!isShown(value))
                    out += expand(inner, scope, html);
                continue;
            }
            if (value.typeId() == QMetaType::QVariantList) {
                const QVariantList items = value.toList();
                for (const QVariant &item : items) {
                    const QVariantMap map = item.toMap();
                    scope.append(&map);
                    out += expand(inner, scope, html);
                    scope.removeLast();
                }
            } else if (isShown(value)) {
                out += expand(inner, scope, html);
            }
            continue;
        }
        if (tag.startsWith(u'/'))
            continue;  // a stray closing tag
        QString value = lookup(scope, tag).toString();
        value.replace(u"\r\n"_s, u"\n"_s);
        if (html)
            value = value.toHtmlEscaped().replace(u'\n', u"<br>"_s);
        else
            value.replace(u'\n', QChar(kValueBreak));
        out += value;
    }
    return out;
}

// Breaks text into lines of at most width characters, at spaces where it can.
QStringList wrapped(const QString &text, int width)
{
    QStringList lines;
    QString rest = text;
    while (rest.size() > width) {
        qsizetype cut = rest.lastIndexOf(u' ', width);
        if (cut <= 0)
            cut = width;
        lines.append(rest.left(cut));
        rest = rest.mid(cut);
        if (rest.startsWith(u' '))
            rest = rest.mid(1);
    }
    lines.append(rest);
    return lines;
}

struct Directive {
    bool bold = false;
    bool doubleHeight = false;
    QString kind;       // "", "center", "right", "pair", "rule"
    QString content;
};

Directive parseDirective(QString line)
{
    Directive directive;
    while (line.startsWith(u'@')) {
        const qsizetype space = line.indexOf(u' ');
        const QString word = space < 0 ? line.mid(1) : line.mid(1, space - 1);
        const QString rest = space < 0 ? QString() : line.mid(space + 1);
        if (word == u"bold"_s) {
            directive.bold = true;
        } else if (word == u"big"_s) {
            directive.bold = true;
            directive.doubleHeight = true;
        } else if (word == u"center"_s || word == u"right"_s || word == u"pair"_s || word == u"rule"_s) {
            directive.kind = word;
            directive.content = rest;
            return directive;
        } else {
            break;  // not a directive: printed as it is
        }
        line = rest;
    }
    directive.content = line;
    return directive;
}

void append(QList<ReceiptTextLine> &lines, const Directive &directive, const QString &text)
{
    lines.append({text, directive.bold, directive.doubleHeight});
}

void renderDirective(QList<ReceiptTextLine> &out, const Directive &directive, int width)
{
    if (directive.kind == u"rule"_s) {
        const QString fill = directive.content.trimmed();
        append(out, directive, QString(width, fill.isEmpty() ? QChar(u'-') : fill.at(0)));
        return;
    }
    if (directive.kind == u"pair"_s) {
        const qsizetype bar = directive.content.indexOf(u"||"_s);
        QString left = bar < 0 ? directive.content : directive.content.left(bar);
        const QString right = bar < 0 ? QString() : directive.content.mid(bar + 2).trimmed();
        while (left.endsWith(u' '))
            left.chop(1);
        left.replace(QChar(kValueBreak), u' ');
        if (left.trimmed().isEmpty() && right.isEmpty())
            return;
        if (left.size() + 1 + right.size() <= width) {
            append(out, directive, left + QString(width - left.size() - right.size(), u' ') + right);
            return;
        }
        for (const QString &part : wrapped(left, width))
            append(out, directive, part);
        if (!right.isEmpty())
            append(out, directive, QString(std::max<qsizetype>(0, width - right.size()), u' ') + right.left(width));
        return;
    }
    const QStringList pieces = directive.content.split(QChar(kValueBreak));
    for (const QString &piece : pieces) {
        const QString text = directive.kind.isEmpty() ? piece : piece.trimmed();
        if (!directive.kind.isEmpty() && text.isEmpty())
            continue;  // an empty value leaves no empty centred line
        for (const QString &part : wrapped(text, width)) {
            if (directive.kind == u"center"_s)
                append(out, directive, QString((width - part.size()) / 2, u' ') + part);
            else if (directive.kind == u"right"_s)
                append(out, directive, QString(width - part.size(), u' ') + part);
            else
                append(out, directive, part);
        }
    }
}

} // namespace

ReceiptTemplate::ReceiptTemplate(QString source) : m_source(withoutStandaloneTagLines(source)) {}

Result<ReceiptTemplate> ReceiptTemplate::fromFile(const QString &path)
{
    initReceiptResources();
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error::make(ErrorCode::NotFound,
                           QCoreApplication::translate("ReceiptTemplate", "The receipt template %1 cannot be read. "
                                                                          "Check that the file exists.")
                               .arg(path),
                           file.errorString());
    return ReceiptTemplate(QString::fromUtf8(file.readAll()));
}

ReceiptTemplate ReceiptTemplate::builtIn(const QString &fileName)
{
    Result<ReceiptTemplate> shipped = fromFile(u":/receipts/"_s + fileName);
    Q_ASSERT(shipped.ok());
    return shipped.ok() ? shipped.value() : ReceiptTemplate(QString());
}

QList<ReceiptTextLine> ReceiptTemplate::renderLines(const QVariantMap &context, int columns) const
{
    const int width = std::clamp(columns, kMinColumns, kMaxColumns);
    Scope scope{&context};
    QString text = expand(m_source, scope, false);
    text.replace(u"\r\n"_s, u"\n"_s);
    if (text.endsWith(u'\n'))
        text.chop(1);
    QList<ReceiptTextLine> lines;
    const QStringList sourceLines = text.split(u'\n');
    for (const QString &line : sourceLines)
        renderDirective(lines, parseDirective(line), width);
    return lines;
}

QString ReceiptTemplate::renderText(const QVariantMap &context, int columns) const
{
    QString text;
    for (const ReceiptTextLine &line : renderLines(context, columns))
        text += line.text + u'\n';
    return text;
}

QString ReceiptTemplate::renderHtml(const QVariantMap &context) const
{
    Scope scope{&context};
    return expand(m_source, scope, true);
}

} // namespace sk
