#include "catalog/BulkEditDialog.h"

#include "catalog/ProductCountText.h"
#include "common/InlineMessage.h"
#include "core/Money.h"
#include "shop/TaxRateText.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

QList<ProductStatus> allStatuses()
{
    return {ProductStatus::Active, ProductStatus::Inactive, ProductStatus::OutOfStock, ProductStatus::Discontinued};
}

// "+10", "-15.5 %", "12,5" (German): basis points, signed. A change of more
// than 100 % either way is not a bulk price edit anyone means.
std::optional<qint32> parsePercentChange(QStringView text, const QLocale &locale)
{
    QStringView rest = text.trimmed();
    int sign = 1;
    if (rest.startsWith(u'+') || rest.startsWith(u'-') || rest.startsWith(u'−')) {
        sign = rest.startsWith(u'+') ? 1 : -1;
        rest = rest.sliced(1).trimmed();
    }
    const std::optional<int> magnitude = parseTaxRate(rest, locale);
    if (!magnitude || *magnitude == 0)
        return std::nullopt;
    return sign * *magnitude;
}

} // namespace

BulkEditDialog::BulkEditDialog(int productCount, const QString &currency,
                               const QList<std::pair<qint64, QString>> &categories, QWidget *parent)
    : QDialog(parent),
      m_productCount(productCount),
      m_currency(currency),
      m_categories(categories),
      m_percentChoice(new QRadioButton(tr("Change prices by a p&ercentage:"), this)),
      m_amountChoice(new QRadioButton(tr("Change prices by an a&mount:"), this)),
      m_categoryChoice(new QRadioButton(tr("Move to &category:"), this)),
      m_statusChoice(new QRadioButton(tr("Set &status:"), this)),
      m_percent(new QLineEdit(this)),
      m_amount(new QLineEdit(this)),
      m_category(new QComboBox(this)),
      m_status(new QComboBox(this)),
      m_message(new InlineMessage(this))
{
    setObjectName(u"bulkEditDialog"_s);
    setWindowTitle(tr("Bulk edit"));

    auto *intro = new QLabel(tr("One change for %1. Every variant's price changes; all of it is saved together "
                                "or not at all.")
                                 .arg(productCountText(productCount)),
                             this);
    intro->setWordWrap(true);
    intro->setTextFormat(Qt::PlainText);

    m_percentChoice->setObjectName(u"percentChoice"_s);
    m_amountChoice->setObjectName(u"amountChoice"_s);
    m_categoryChoice->setObjectName(u"categoryChoice"_s);
    m_statusChoice->setObjectName(u"statusChoice"_s);
    auto *choices = new QButtonGroup(this);
    for (QRadioButton *choice : {m_percentChoice, m_amountChoice, m_categoryChoice, m_statusChoice})
        choices->addButton(choice);
    m_percentChoice->setChecked(true);

    m_percent->setObjectName(u"percentChange"_s);
    m_percent->setPlaceholderText(tr("10 raises, -15 lowers"));
    m_amount->setObjectName(u"amountChange"_s);
    m_amount->setPlaceholderText(tr("%1 raises, -%1 lowers").arg(Money(100, currency).toString(locale())));
    m_category->setObjectName(u"categoryTarget"_s);
    m_category->addItem(tr("No category"));
    for (const auto &[id, path] : categories)
        m_category->addItem(path, id);
    m_category->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_status->setObjectName(u"statusTarget"_s);
    for (ProductStatus status : allStatuses())
        m_status->addItem(productStatusDisplayName(status), productStatusName(status));
    m_message->setObjectName(u"bulkEditMessage"_s);

    auto *grid = new QGridLayout;
    grid->addWidget(m_percentChoice, 0, 0);
    grid->addWidget(m_percent, 0, 1);
    grid->addWidget(new QLabel(tr("%"), this), 0, 2);
    grid->addWidget(m_amountChoice, 1, 0);
    grid->addWidget(m_amount, 1, 1);
    grid->addWidget(new QLabel(currency, this), 1, 2);
    grid->addWidget(m_categoryChoice, 2, 0);
    grid->addWidget(m_category, 2, 1, 1, 2);
    grid->addWidget(m_statusChoice, 3, 0);
    grid->addWidget(m_status, 3, 1, 1, 2);
    grid->setColumnStretch(1, 1);

    auto *buttons = new QDialogButtonBox(this);
    QPushButton *ok = buttons->addButton(tr("C&ontinue…"), QDialogButtonBox::AcceptRole);
    ok->setObjectName(u"okButton"_s);
    ok->setDefault(true);
    buttons->addButton(QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, this, &BulkEditDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(choices, &QButtonGroup::buttonToggled, this, &BulkEditDialog::updateEnabledFields);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addSpacing(6);
    layout->addLayout(grid);
    layout->addWidget(m_message);
    layout->addStretch(1);
    layout->addWidget(buttons);
    setMinimumWidth(520);
    updateEnabledFields();
    m_percent->setFocus();
}

QString BulkEditDialog::message() const
{
    return m_message->text();
}

void BulkEditDialog::updateEnabledFields()
{
    m_percent->setEnabled(m_percentChoice->isChecked());
    m_amount->setEnabled(m_amountChoice->isChecked());
    m_category->setEnabled(m_categoryChoice->isChecked());
    m_status->setEnabled(m_statusChoice->isChecked());
    m_message->clear();
}

void BulkEditDialog::accept()
{
    if (read())
        QDialog::accept();
}

bool BulkEditDialog::read()
{
    BulkEdit edit;
    const QString products = productCountText(m_productCount);
    if (m_percentChoice->isChecked()) {
        const std::optional<qint32> change = parsePercentChange(m_percent->text(), locale());
        if (!change) {
            m_message->showError(tr("Type the change as a percentage between -100 and 100, such as 10 or -15."));
            m_percent->setFocus();
            return false;
        }
        edit.kind = BulkEdit::Kind::PricePercent;
        edit.percentBasisPoints = *change;
        const QString amount = formatTaxRate(std::abs(*change), locale());
        m_confirmation = *change > 0 ? tr("Raise the prices of %1 by %2 %?").arg(products, amount)
                                     : tr("Lower the prices of %1 by %2 %?").arg(products, amount);
    } else if (m_amountChoice->isChecked()) {
        const std::optional<Money> change = Money::parse(m_amount->text(), m_currency, locale());
        if (!change || change->isZero()) {
            m_message->showError(tr("Type the change as an amount such as %1 or -%1.")
                                     .arg(Money(250, m_currency).toString(locale())));
            m_amount->setFocus();
            return false;
        }
        edit.kind = BulkEdit::Kind::PriceAmount;
        // The service reads the machine form first: no locale can garble it.
        edit.amount = change->toDecimalString();
        const QString amount = change->abs().toString(locale());
        m_confirmation = change->isNegative() ? tr("Lower every price of %1 by %2?").arg(products, amount)
                                              : tr("Raise every price of %1 by %2?").arg(products, amount);
    } else if (m_categoryChoice->isChecked()) {
        edit.kind = BulkEdit::Kind::MoveToCategory;
        const QVariant category = m_category->currentData();
        edit.categoryId = category.isValid() ? std::optional<qint64>(category.toLongLong()) : std::nullopt;
        m_confirmation = edit.categoryId
                             ? tr("Move %1 to %2?").arg(products, m_category->currentText())
                             : tr("Take %1 out of their categories?").arg(products);
    } else {
        edit.kind = BulkEdit::Kind::SetStatus;
        edit.status = productStatusFromName(m_status->currentData().toString()).value_or(ProductStatus::Active);
        m_confirmation = tr("Set the status of %1 to %2?").arg(products, productStatusDisplayName(edit.status));
    }
    m_edit = edit;
    return true;
}

} // namespace sk
