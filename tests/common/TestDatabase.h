#pragma once
// Placeholder: filled in with the data layer.
