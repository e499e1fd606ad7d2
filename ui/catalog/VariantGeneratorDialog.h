#pragma once

#include "catalog/Product.h"
#include "catalog/VariantCombinations.h"

#include <QDialog>
#include <QList>
#include <QSet>

class QDialogButtonBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;

namespace sk {

class InlineMessage;

// The variant generator: option names with comma-separated values ("Size":
// S, M, L) and a base SKU become every combination, shown as a preview with
// the SKUs it suggests and the existing variants that no longer fit (they
// are removed when the rows replace the grid's).
class VariantGeneratorDialog : public QDialog {
    Q_OBJECT

public:
    static constexpr int kOptionRows = 3;

    VariantGeneratorDialog(const QString &baseSku, const QStringList &optionNames,
                           const QList<VariantDraft> &existing, QWidget *parent = nullptr);

    // Filled in for option row i (0-based): name and "S, M, L".
    void setOption(int row, const QString &name, const QString &values);
    void setBaseSku(const QString &sku);

    // The grid's new rows and option order; valid once accepted.
    QList<VariantDraft> variants() const;
    QStringList optionNames() const;
    QString preview() const;

private:
    QList<OptionAxis> axes() const;
    void updatePlan();

    QList<VariantDraft> m_existing;
    QLineEdit *m_baseSku;
    QList<QLineEdit *> m_names;
    QList<QLineEdit *> m_values;
    QLabel *m_preview;
    InlineMessage *m_message;
    QDialogButtonBox *m_buttons;
    QPushButton *m_create = nullptr;
    std::optional<CombinationPlan> m_plan;
};

} // namespace sk
