#pragma once

#include <QUndoCommand>
#include <QVariant>
#include <functional>

namespace sk {

class VariantTableModel;

// The product editor's undo commands. Each holds the value before and after
// an edit and one function that shows a value, so undo and redo are the same
// step in two directions. The first redo (when the command is pushed) finds
// the widget already showing the new value and changes nothing.

// One field of the details form. Typing in the same field merges into one
// command, so Undo takes back the whole word, not one letter.
class FieldEditCommand : public QUndoCommand {
public:
    using Apply = std::function<void(const QVariant &)>;

    FieldEditCommand(const QString &text, int fieldId, QVariant before, QVariant after, Apply apply);

    void undo() override;
    void redo() override;
    int id() const override;
    bool mergeWith(const QUndoCommand *other) override;

private:
    int m_fieldId;
    QVariant m_before;
    QVariant m_after;
    Apply m_apply;
};

// One cell of the variants grid.
class VariantCellCommand : public QUndoCommand {
public:
    VariantCellCommand(VariantTableModel *model, int row, int column, QVariant before, QVariant after);

    void undo() override;
    void redo() override;

private:
    VariantTableModel *m_model;
    int m_row;
    int m_column;
    QVariant m_before;
    QVariant m_after;
};

// A whole list replaced at once (rows added or removed, the generator, the
// pictures, the attributes): the states before and after, as values.
template<typename State>
class StateCommand : public QUndoCommand {
public:
    using Apply = std::function<void(const State &)>;

    StateCommand(const QString &text, State before, State after, Apply apply)
        : QUndoCommand(text), m_before(std::move(before)), m_after(std::move(after)), m_apply(std::move(apply))
    {
    }

    void undo() override { m_apply(m_before); }
    void redo() override { m_apply(m_after); }

private:
    State m_before;
    State m_after;
    Apply m_apply;
};

} // namespace sk
