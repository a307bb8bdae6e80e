import { Talkover } from '../dist/index.js'

export * from '../dist/index.js'
export default Talkover
