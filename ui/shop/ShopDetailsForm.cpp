#include "shop/ShopDetailsForm.h"

#include "shop/CurrencyComboBox.h"
#include "shop/TaxRateText.h"

#include <QFontMetrics>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

constexpr int AddressLines = 3;

Status invalid(const QString &message)
{
    return Error::make(ErrorCode::InvalidInput, message);
}

} // namespace

ShopDetailsForm::ShopDetailsForm(QWidget *parent)
    : QWidget(parent),
      m_form(new QFormLayout(this)),
      m_name(new QLineEdit(this)),
      m_address(new QPlainTextEdit(this)),
      m_phone(new QLineEdit(this)),
      m_email(new QLineEdit(this)),
      m_currency(new CurrencyComboBox(this)),
      m_taxRate(new QLineEdit(this))
{
    m_form->setContentsMargins(0, 0, 0, 0);
    m_form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);

    m_name->setObjectName(u"shopName"_s);
    m_name->setMaxLength(200);
    m_name->setPlaceholderText(tr("As printed on receipts"));
    m_address->setObjectName(u"shopAddress"_s);
    m_address->setTabChangesFocus(true);
    const QFontMetrics metrics(m_address->font());
    m_address->setFixedHeight(metrics.lineSpacing() * AddressLines + 2 * m_address->frameWidth()
                              + int(m_address->document()->documentMargin() * 2));
    m_phone->setObjectName(u"shopPhone"_s);
    m_phone->setPlaceholderText(tr("Optional"));
    m_email->setObjectName(u"shopEmail"_s);
    m_email->setPlaceholderText(tr("Optional"));
    m_currency->setObjectName(u"shopCurrency"_s);
    m_taxRate->setObjectName(u"defaultTaxRate"_s);
    m_taxRate->setAlignment(Qt::AlignRight);
    m_taxRate->setMaximumWidth(metrics.horizontalAdvance(u"100.000"_s) + 24);
    m_taxRate->setToolTip(tr("Applied to products without their own tax class, for example 8.00."));

    auto *taxRow = new QHBoxLayout;
    taxRow->addWidget(m_taxRate);
    taxRow->addWidget(new QLabel(tr("%"), this));
    taxRow->addStretch(1);

    m_form->addRow(tr("Shop &name:"), m_name);
    m_form->addRow(tr("&Address:"), m_address);
    m_form->addRow(tr("&Phone:"), m_phone);
    m_form->addRow(tr("Shop e-&mail:"), m_email);
    m_form->addRow(tr("&Currency:"), m_currency);
    m_form->addRow(tr("Default &tax rate:"), taxRow);
    qobject_cast<QLabel *>(m_form->labelForField(taxRow))->setBuddy(m_taxRate);

    setTabOrder(m_name, m_address);
    setTabOrder(m_address, m_phone);
    setTabOrder(m_phone, m_email);
    setTabOrder(m_email, m_currency);
    setTabOrder(m_currency, m_taxRate);

    for (QLineEdit *edit : {m_name, m_phone, m_email, m_taxRate})
        connect(edit, &QLineEdit::textEdited, this, &ShopDetailsForm::edited);
    connect(m_address, &QPlainTextEdit::textChanged, this, &ShopDetailsForm::edited);
    connect(m_currency, &CurrencyComboBox::currencyChanged, this, &ShopDetailsForm::edited);

    setSettings(ShopSettings());
}

void ShopDetailsForm::setSettings(const ShopSettings &settings)
{
    const QSignalBlocker blockAddress(m_address);
    const QSignalBlocker blockCurrency(m_currency);
    m_name->setText(settings.shopName);
    m_address->setPlainText(settings.address);
    m_phone->setText(settings.phone);
    m_email->setText(settings.email);
    m_currency->setCurrency(settings.currency);
    m_taxRate->setText(formatTaxRate(settings.defaultTaxRateBasisPoints));
}

Status ShopDetailsForm::applyTo(ShopSettings &settings, QWidget **invalidField) const
{
    auto refuse = [invalidField](QWidget *field, const QString &message) {
        if (invalidField)
            *invalidField = field;
        return invalid(message);
    };
    if (m_name->text().trimmed().isEmpty())
        return refuse(m_name, tr("Enter the shop's name: it is printed on every receipt."));
    const std::optional<int> taxRate = parseTaxRate(m_taxRate->text());
    if (!taxRate) {
        return refuse(m_taxRate, tr("Enter the default tax rate as a percentage between 0 and 100 with at most two "
                          "decimals, for example %1.")
                           .arg(formatTaxRate(800)));
    }
    settings.shopName = m_name->text().trimmed();
    settings.address = m_address->toPlainText().trimmed();
    settings.phone = m_phone->text().trimmed();
    settings.email = m_email->text().trimmed();
    settings.currency = m_currency->currency();
    settings.defaultTaxRateBasisPoints = *taxRate;
    return Status::success();
}

QWidget *ShopDetailsForm::firstField() const
{
    return m_name;
}

QWidget *ShopDetailsForm::lastField() const
{
    return m_taxRate;
}

} // namespace sk
