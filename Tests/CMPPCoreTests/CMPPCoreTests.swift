import CMPPCore
import Testing
