#include "catalog/ProductEditCommands.h"

#include "VariantTableModel.h"

#include <QCoreApplication>

namespace sk {

namespace {

// Command ids for merging; distinct from any other QUndoCommand id.
constexpr int kFieldEditIdBase = 0x5e00;

} // namespace

FieldEditCommand::FieldEditCommand(const QString &text, int fieldId, QVariant before, QVariant after, Apply apply)
    : QUndoCommand(text),
      m_fieldId(fieldId),
      m_before(std::move(before)),
      m_after(std::move(after)),
      m_apply(std::move(apply))
{
}

void FieldEditCommand::undo()
{
    m_apply(m_before);
}

void FieldEditCommand::redo()
{
    m_apply(m_after);
}

int FieldEditCommand::id() const
{
    return kFieldEditIdBase + m_fieldId;
}

bool FieldEditCommand::mergeWith(const QUndoCommand *other)
{
    const auto *edit = static_cast<const FieldEditCommand *>(other);
    m_after = edit->m_after;
    setObsolete(m_after == m_before);
    return true;
}

VariantCellCommand::VariantCellCommand(VariantTableModel *model, int row, int column, QVariant before, QVariant after)
    : m_model(model), m_row(row), m_column(column), m_before(std::move(before)), m_after(std::move(after))
{
    setText(QCoreApplication::translate("ProductEditCommands", "edit %1 of variant %2")
                .arg(model->headerData(column, Qt::Horizontal).toString())
                .arg(row + 1));
}

void VariantCellCommand::undo()
{
    m_model->setCell(m_row, m_column, m_before);
}

void VariantCellCommand::redo()
{
    m_model->setCell(m_row, m_column, m_after);
}

} // namespace sk
