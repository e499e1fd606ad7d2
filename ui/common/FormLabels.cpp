#include "common/FormLabels.h"

#include <QFormLayout>
#include <QWidget>

#include <algorithm>

namespace sk {

void alignFormLabels(const QList<QFormLayout *> &forms)
{
    QList<QWidget *> labels;
    for (QFormLayout *form : forms)
        for (int row = 0; row < form->rowCount(); ++row)
            if (QLayoutItem *item = form->itemAt(row, QFormLayout::LabelRole); item && item->widget())
                labels.append(item->widget());
    int width = 0;
    for (QWidget *label : std::as_const(labels))
        width = std::max(width, label->sizeHint().width());
    for (QWidget *label : std::as_const(labels))
        label->setMinimumWidth(width);
}

} // namespace sk
