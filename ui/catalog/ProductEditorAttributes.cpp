#include "catalog/ProductEditorAttributes.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sk {

ProductEditorAttributes::ProductEditorAttributes(QWidget *parent)
    : QWidget(parent),
      m_table(new QTableWidget(0, 2, this)),
      m_add(new QPushButton(tr("Add &attribute"), this)),
      m_remove(new QPushButton(tr("&Remove attribute"), this))
{
    m_table->setObjectName(u"attributesTable"_s);
    m_table->setHorizontalHeaderLabels({tr("Attribute"), tr("Value")});
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_table->verticalHeader()->hide();
    m_table->setTabKeyNavigation(false);
    m_add->setObjectName(u"addAttributeButton"_s);
    m_remove->setObjectName(u"removeAttributeButton"_s);

    connect(m_table, &QTableWidget::cellChanged, this, &ProductEditorAttributes::cellEdited);
    connect(m_add, &QPushButton::clicked, this, [this] {
        AttributeList after = m_attributes;
        after.append({QString(), QString()});
        emit editRequested(m_attributes, after, tr("add attribute"));
        m_table->setCurrentCell(int(m_attributes.size()) - 1, 0);
        m_table->setFocus();
        m_table->editItem(m_table->currentItem());
    });
    connect(m_remove, &QPushButton::clicked, this, [this] {
        const int row = m_table->currentRow();
        if (row < 0 || row >= m_attributes.size())
            return;
        AttributeList after = m_attributes;
        after.removeAt(row);
        emit editRequested(m_attributes, after, tr("remove attribute %1").arg(m_attributes[row].first));
    });

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_add);
    buttons->addWidget(m_remove);
    buttons->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_table);
    layout->addLayout(buttons);
}

void ProductEditorAttributes::setAttributes(const AttributeList &attributes)
{
    m_applying = true;
    const int row = m_table->currentRow();
    const int column = m_table->currentColumn();
    m_attributes = attributes;
    m_table->setRowCount(int(attributes.size()));
    // Items are updated in place: this runs inside the table's own
    // cellChanged while an edit is being committed.
    for (int i = 0; i < attributes.size(); ++i)
        for (int c = 0; c < 2; ++c) {
            const QString &text = c == 0 ? attributes[i].first : attributes[i].second;
            if (QTableWidgetItem *item = m_table->item(i, c))
                item->setText(text);
            else
                m_table->setItem(i, c, new QTableWidgetItem(text));
        }
    if (row >= 0 && m_table->rowCount() > 0)
        m_table->setCurrentCell(qMin(row, m_table->rowCount() - 1), qMax(0, column));
    m_remove->setEnabled(!attributes.isEmpty());
    m_applying = false;
}

void ProductEditorAttributes::cellEdited(int row, int column)
{
    if (m_applying || row < 0 || row >= m_attributes.size())
        return;
    const QString text = m_table->item(row, column)->text();
    AttributeList after = m_attributes;
    (column == 0 ? after[row].first : after[row].second) = text;
    if (after == m_attributes)
        return;
    emit editRequested(m_attributes, after,
                       column == 0 ? tr("rename attribute %1").arg(m_attributes[row].first)
                                   : tr("edit attribute %1").arg(m_attributes[row].first));
}

AttributeList ProductEditorAttributes::fromJson(const QJsonObject &object)
{
    AttributeList list;
    for (auto it = object.begin(); it != object.end(); ++it)
        list.append({it.key(), it.value().isString() ? it.value().toString() : it.value().toVariant().toString()});
    return list;
}

QJsonObject ProductEditorAttributes::toJson(const AttributeList &attributes)
{
    QJsonObject object;
    for (const auto &[key, value] : attributes) {
        const QString name = key.trimmed();
        if (!name.isEmpty() && !object.contains(name))
            object.insert(name, value.trimmed());
    }
    return object;
}

} // namespace sk
