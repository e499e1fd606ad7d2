#include "catalog/VariantGeneratorDialog.h"

#include "common/InlineMessage.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

constexpr int kPreviewedSkus = 8;

} // namespace

VariantGeneratorDialog::VariantGeneratorDialog(const QString &baseSku, const QStringList &optionNames,
                                               const QList<VariantDraft> &existing, QWidget *parent)
    : QDialog(parent),
      m_existing(existing),
      m_baseSku(new QLineEdit(baseSku, this)),
      m_preview(new QLabel(this)),
      m_message(new InlineMessage(this)),
      m_buttons(new QDialogButtonBox(this))
{
    setObjectName(u"variantGeneratorDialog"_s);
    setWindowTitle(tr("Generate variants"));
    m_baseSku->setObjectName(u"baseSku"_s);
    m_preview->setObjectName(u"generatorPreview"_s);
    m_preview->setWordWrap(true);
    m_message->setObjectName(u"generatorMessage"_s);

    auto *intro = new QLabel(tr("Name each option and list its values separated by commas. Every combination "
                                "becomes a variant; variants that already match keep their SKU, price and stock."),
                             this);
    intro->setWordWrap(true);

    m_create = m_buttons->addButton(tr("&Create variants"), QDialogButtonBox::AcceptRole);
    m_create->setObjectName(u"createVariantsButton"_s);
    m_create->setDefault(true);
    m_buttons->addButton(QDialogButtonBox::Cancel);

    auto *form = new QFormLayout;
    form->addRow(tr("&Base SKU:"), m_baseSku);

    auto *grid = new QGridLayout;
    grid->addWidget(new QLabel(tr("Option"), this), 0, 0);
    grid->addWidget(new QLabel(tr("Values"), this), 0, 1);
    for (int row = 0; row < kOptionRows; ++row) {
        auto *name = new QLineEdit(this);
        name->setObjectName(u"optionName%1"_s.arg(row + 1));
        name->setPlaceholderText(row == 0 ? tr("Size") : row == 1 ? tr("Colour") : tr("Material"));
        auto *values = new QLineEdit(this);
        values->setObjectName(u"optionValues%1"_s.arg(row + 1));
        values->setPlaceholderText(row == 0 ? tr("S, M, L") : row == 1 ? tr("Red, Blue") : tr("Cotton, Wool"));
        // Accessible names tie the unlabelled fields of the grid to their row.
        name->setAccessibleName(tr("Name of option %1").arg(row + 1));
        values->setAccessibleName(tr("Values of option %1").arg(row + 1));
        grid->addWidget(name, row + 1, 0);
        grid->addWidget(values, row + 1, 1);
        grid->setColumnStretch(1, 1);
        m_names.append(name);
        m_values.append(values);
        connect(name, &QLineEdit::textChanged, this, &VariantGeneratorDialog::updatePlan);
        connect(values, &QLineEdit::textChanged, this, &VariantGeneratorDialog::updatePlan);
    }
    for (int row = 0; row < optionNames.size() && row < kOptionRows; ++row) {
        QStringList values;
        for (const VariantDraft &variant : existing) {
            const QString value = variant.options.value(optionNames[row]).toString();
            if (!value.isEmpty() && !values.contains(value))
                values.append(value);
        }
        setOption(row, optionNames[row], values.join(u", "_s));
    }
    connect(m_baseSku, &QLineEdit::textChanged, this, &VariantGeneratorDialog::updatePlan);

    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        if (m_plan)
            accept();
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addLayout(grid);
    layout->addWidget(m_preview);
    layout->addWidget(m_message);
    layout->addStretch(1);
    layout->addWidget(m_buttons);
    setMinimumWidth(520);
    (m_names.first()->text().isEmpty() ? m_names.first() : m_values.first())->setFocus();
    updatePlan();
}

void VariantGeneratorDialog::setOption(int row, const QString &name, const QString &values)
{
    if (row < 0 || row >= kOptionRows)
        return;
    m_names[row]->setText(name);
    m_values[row]->setText(values);
}

void VariantGeneratorDialog::setBaseSku(const QString &sku)
{
    m_baseSku->setText(sku);
}

QList<OptionAxis> VariantGeneratorDialog::axes() const
{
    QList<OptionAxis> axes;
    for (int row = 0; row < kOptionRows; ++row) {
        if (m_names[row]->text().trimmed().isEmpty() && m_values[row]->text().trimmed().isEmpty())
            continue;
        axes.append(OptionAxis{m_names[row]->text(), VariantCombinations::splitValues(m_values[row]->text())});
    }
    return axes;
}

void VariantGeneratorDialog::updatePlan()
{
    const Result<CombinationPlan> plan = VariantCombinations::plan(m_baseSku->text(), axes(), m_existing);
    if (!plan) {
        m_plan.reset();
        m_preview->clear();
        m_message->showError(plan.error().message);
        m_create->setEnabled(false);
        return;
    }
    m_plan = plan.value();
    m_create->setEnabled(true);
    QStringList skus;
    for (const VariantCombination &row : m_plan->rows.mid(0, kPreviewedSkus))
        skus.append(row.sku);
    const QString text = tr("Variants (%1): %2")
                             .arg(m_plan->rows.size())
                             .arg(skus.join(u", "_s) + (m_plan->rows.size() > kPreviewedSkus ? u", …"_s : QString()));
    m_preview->setText(text);
    if (m_plan->unmatchedExisting.isEmpty()) {
        m_message->clear();
        return;
    }
    QStringList gone;
    for (int index : std::as_const(m_plan->unmatchedExisting))
        gone.append(m_existing[index].sku.isEmpty() ? tr("variant %1").arg(index + 1) : m_existing[index].sku);
    m_message->showError(tr("These variants no longer fit the options and will be removed: %1.")
                             .arg(gone.join(u", "_s)));
}

QString VariantGeneratorDialog::preview() const
{
    return m_preview->text();
}

QStringList VariantGeneratorDialog::optionNames() const
{
    QStringList names;
    for (const OptionAxis &axis : axes())
        names.append(axis.name.trimmed());
    return names;
}

QList<VariantDraft> VariantGeneratorDialog::variants() const
{
    QList<VariantDraft> rows;
    if (!m_plan)
        return rows;
    // New rows start from the first existing variant's price and weight,
    // which is what most combinations of one product share.
    VariantDraft model = m_existing.isEmpty() ? VariantDraft{} : m_existing.first();
    for (const VariantCombination &row : m_plan->rows) {
        VariantDraft variant;
        if (row.existingIndex >= 0) {
            variant = m_existing[row.existingIndex];
        } else {
            variant = model;
            variant.id = 0;
            variant.barcode.clear();
        }
        variant.sku = row.sku;
        variant.options = row.options;
        rows.append(variant);
    }
    return rows;
}

} // namespace sk
