#include "shop/CurrencyComboBox.h"

#include "core/Money.h"

#include <QLocale>
#include <QMap>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

// Code → display name from the CLDR data Qt carries: the name in the UI's
// language when a locale of that language uses the currency, else English,
// else no name (the code alone is still unambiguous).
QMap<QString, QString> knownCurrencies()
{
    static const QMap<QString, QString> currencies = [] {
        const QLocale::Language uiLanguage = QLocale().language();
        QMap<QString, QString> names;
        QMap<QString, int> quality;
        const QList<QLocale> locales =
            QLocale::matchingLocales(QLocale::AnyLanguage, QLocale::AnyScript, QLocale::AnyTerritory);
        for (const QLocale &locale : locales) {
            const QString code = locale.currencySymbol(QLocale::CurrencyIsoCode);
            if (!Money::isValidCurrencyCode(code))
                continue;
            const int score = locale.language() == uiLanguage ? 2 : locale.language() == QLocale::English ? 1 : 0;
            if (!quality.contains(code) || score > quality.value(code)) {
                quality.insert(code, score);
                names.insert(code, score > 0 ? locale.currencySymbol(QLocale::CurrencyDisplayName) : QString());
            }
        }
        for (auto it = names.begin(); it != names.end(); ++it)
            if (!it.value().isEmpty())
                it.value()[0] = it.value().at(0).toUpper();
        return names;
    }();
    return currencies;
}

QString currencyLabel(const QString &code, const QString &name)
{
    return name.isEmpty() ? code : u"%1 – %2"_s.arg(code, name);
}

} // namespace

CurrencyComboBox::CurrencyComboBox(QWidget *parent) : QComboBox(parent)
{
    const QMap<QString, QString> currencies = knownCurrencies();
    for (auto it = currencies.cbegin(); it != currencies.cend(); ++it)
        addItem(currencyLabel(it.key(), it.value()), it.key());
    setMaxVisibleItems(20);
    setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    setMinimumContentsLength(24);
    connect(this, &QComboBox::currentIndexChanged, this, [this] { emit currencyChanged(currency()); });
}

QString CurrencyComboBox::currency() const
{
    return currentData().toString();
}

void CurrencyComboBox::setCurrency(const QString &code)
{
    const QString upper = code.trimmed().toUpper();
    int index = findData(upper);
    if (index < 0 && Money::isValidCurrencyCode(upper)) {
        addItem(upper, upper);
        index = count() - 1;
    }
    if (index >= 0)
        setCurrentIndex(index);
}

} // namespace sk
